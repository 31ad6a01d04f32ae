//! A fast hash map for the matchers' tables.

use std::collections::HashMap;

/// FxHash (as in rustc): a fast, non-cryptographic hash for short keys from a trusted codebook.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

// Inlined even at opt-level "z": a hash is a few instructions, the call would cost more.
impl std::hash::Hasher for FxHasher {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(v))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    #[inline(always)]
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline(always)]
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline(always)]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
