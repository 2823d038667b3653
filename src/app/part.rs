//! Parts: code the first screen does not need, which the release build (`split` feature)
//! moves into files of their own, fetched when first needed. Views, the shared-link offer
//! and the room panels' fields each keep the state of their part in a signal of
//! [`PartState`], and load it with [`load`].

use std::future::Future;

/// Where a part stands; `B` is what its code gives back (a function that builds a view).
#[derive(Clone, Copy)]
pub enum PartState<B> {
    NotAsked,
    Loading,
    Ready(B),
    Failed,
}

impl<B> PartState<B> {
    /// Whether the part is here or on its way.
    pub fn asked(&self) -> bool {
        matches!(self, PartState::Loading | PartState::Ready(_))
    }

    /// Whether the part is no longer on its way: here, or it could not be loaded.
    pub fn settled(&self) -> bool {
        matches!(self, PartState::Ready(_) | PartState::Failed)
    }
}

impl<B> PartialEq for PartState<B> {
    fn eq(&self, other: &Self) -> bool {
        // A part is ready once and stays so: what it gives back never changes.
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// Starts loading a part: `report` hears `Loading` now, before anything else can ask for
/// the same part again, and `Ready` when the returned future has downloaded it, or
/// `if_failed` (`Failed` where a view says so and offers to try again, `NotAsked` where
/// the part is asked for again later).
pub fn load<B: 'static, E: 'static>(
    download: impl Future<Output = Result<B, E>> + 'static,
    if_failed: PartState<B>,
    report: impl Fn(PartState<B>) + 'static,
) -> impl Future<Output = ()> + 'static {
    report(PartState::Loading);
    async move {
        report(match download.await {
            Ok(built) => PartState::Ready(built),
            Err(_) => if_failed,
        });
    }
}
