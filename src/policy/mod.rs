//! The rules of who may do what, each in one function. Handlers, page
//! structs and templates ask here; none restates a rule.

pub mod acting;
pub mod appeals;
pub mod inviting;
pub mod seeing;
pub mod standing;
