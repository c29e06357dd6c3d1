//! The shared kernel: what every layer above may use and which itself
//! imports nothing from Kith but other kernel modules (`clock`, `error`).
//! See ARCHITECTURE.md.

pub mod column;
pub mod identity;
pub mod ids;
pub mod measure;
pub mod passwords;
pub mod secret;
pub mod signed;
pub mod text;
pub mod words;
