//! A fresh folder under the temp folder, removed when dropped: shared by the integration tests
//! through `#[path]`.

use std::path::PathBuf;

pub struct Scratch(pub PathBuf);

impl Scratch {
    /// `dyad-<name>-<pid>`, empty.
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("dyad-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
