//! A small deterministic PRNG (xorshift64) for generated test and bench corpora: the same seed
//! gives the same articles, so a failure or a figure reproduces exactly. Shared by
//! `tests/robustness.rs` and `benches/throughput.rs` through `#[path]`.

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}
