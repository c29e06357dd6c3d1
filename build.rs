//! Rebuilds when a migration is added or changed: the migrations are
//! embedded in the binary, and cargo would not otherwise notice new files.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
