//! Every query of the needs feature, and the only place its SQL lives: one
//! file per thing (needs, their closing, offers and the changes to them,
//! conversations, categories, the board and its search).

pub mod board;
pub mod categories;
pub mod closing;
pub mod messages;
pub mod needs;
pub mod offers;
pub mod rows;
pub mod volunteering;

pub use categories::list_categories;
pub use closing::{
    cancel_need, expire_need, insert_thanks, mark_done, needs_past_their_date, reopen_need,
    thanked_on,
};
pub use needs::{
    find_need, insert_need, lock_need, need_status, needs_by_author, needs_posted_since,
    settle_slots, update_need,
};
pub use offers::offers_made_since;
pub use rows::{NeedRow, NeedView};
