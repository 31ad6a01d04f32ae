//! The time a compile spends in each stage, for the benchmark to print.

/// Time spent per stage of [`crate::compile_dir_into`].
pub struct Stages {
    pub(crate) stages: Vec<(&'static str, f64)>,
    since: std::time::Instant,
}

impl Default for Stages {
    fn default() -> Self {
        Stages {
            stages: Vec::new(),
            since: std::time::Instant::now(),
        }
    }
}

impl Stages {
    /// Records the time since the last lap (or restart) as `stage`.
    pub fn lap(&mut self, stage: &'static str) {
        self.stages
            .push((stage, self.since.elapsed().as_secs_f64()));
        self.restart();
    }
    pub fn add(&mut self, stage: &'static str, seconds: f64) {
        self.stages.push((stage, seconds));
    }
    pub fn restart(&mut self) {
        self.since = std::time::Instant::now();
    }
}
