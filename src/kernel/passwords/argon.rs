//! argon2id itself: hashing and verifying with memory the caller owns, so
//! a hashing thread can reuse its own.

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use super::MEMORY_KIB;
use crate::error::AppError;

/// argon2 passes.
const PASSES: u32 = 2;
/// Length of the stored hash, in bytes.
const OUTPUT_LEN: usize = 32;

fn params() -> Params {
    // Valid constants, so this cannot fail.
    Params::new(MEMORY_KIB, PASSES, 1, Some(OUTPUT_LEN)).unwrap_or_default()
}

/// Blocks asked for (33 MiB), more than argon2 uses (19 MiB): the system
/// allocator (glibc) serves a request over 32 MiB straight from the
/// operating system and gives it back the moment it is freed, while a
/// smaller one may stay in a thread's heap for good. Only what argon2
/// writes is resident.
const RESERVED_BLOCKS: usize = 33 * 1024;

/// A thread's argon2 memory, sized for this site's parameters.
pub(super) fn argon2_memory() -> Vec<Block> {
    let mut memory = Vec::with_capacity(RESERVED_BLOCKS.max(params().block_count()));
    memory.resize(params().block_count(), Block::default());
    memory
}

/// Hashes on the calling thread with memory of its own; for the command
/// line.
pub fn hash_now(password: &str) -> Result<String, AppError> {
    let mut memory = argon2_memory();
    hash_with(password, &mut memory)
}

/// The PHC string of `password`, hashed in `memory`.
pub(super) fn hash_with(password: &str, memory: &mut [Block]) -> Result<String, AppError> {
    let failed = |e: &dyn std::fmt::Display| AppError::internal(format!("hashing failed: {e}"));
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(|e| failed(&e))?;
    let params = params();
    let mut out = [0u8; OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, memory)
        .map_err(|e| failed(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the PHC string `stored`, checked in `memory`
/// (or in a larger buffer of its own if `stored` asks for more).
pub(super) fn verify_with(
    password: &str,
    stored: &str,
    memory: &mut [Block],
) -> Result<bool, AppError> {
    let unreadable =
        |e: &dyn std::fmt::Display| AppError::internal(format!("stored hash unreadable: {e}"));
    let parsed = PasswordHash::new(stored).map_err(|e| unreadable(&e))?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| unreadable(&e))?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|e| unreadable(&e))?
        .unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(|e| unreadable(&e))?;
    let expected = parsed.hash.ok_or_else(|| unreadable(&"no hash"))?;
    let mut salt_bytes = [0u8; 64];
    let salt = parsed
        .salt
        .ok_or_else(|| unreadable(&"no salt"))?
        .decode_b64(&mut salt_bytes)
        .map_err(|e| unreadable(&e))?;
    // A hash stored with more memory than this site uses today gets a
    // buffer of its own for this once; the thread's own stays the same size.
    let mut larger;
    let memory: &mut [Block] = if params.block_count() > memory.len() {
        larger = vec![Block::default(); params.block_count()];
        &mut larger
    } else {
        memory
    };
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, memory)
        .map_err(|e| unreadable(&e))?;
    // `Output` compares in constant time.
    Ok(Output::new(&out).map_err(|e| unreadable(&e))? == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_own_password_and_no_other() {
        let hash = hash_now("kettle on the windowsill").expect("hashes");
        let mut memory = Vec::new();
        assert_eq!(
            verify_with("kettle on the windowsill", &hash, &mut memory).ok(),
            Some(true)
        );
        assert_eq!(
            verify_with("kettle on the windowsilL", &hash, &mut memory).ok(),
            Some(false)
        );
    }

    #[test]
    fn hashes_made_by_the_argon2_defaults_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let hash = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(MEMORY_KIB, PASSES, 1, None).expect("params"),
        )
        .hash_password(b"kettle on the windowsill", &salt)
        .expect("hashes")
        .to_string();
        let mut memory = vec![Block::default(); params().block_count()];
        assert_eq!(
            verify_with("kettle on the windowsill", &hash, &mut memory).ok(),
            Some(true)
        );
        assert_eq!(memory.len(), params().block_count());
    }

    #[test]
    fn hashes_are_argon2id_with_the_owasp_parameters() {
        let hash = hash_now("kettle on the windowsill").expect("hashes");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
    }
}
