//! One module per page.

pub mod article;
pub mod brief;
pub mod embed;
pub mod method;
pub mod not_found;
pub mod overview;
pub mod pair;
pub mod quotes;
