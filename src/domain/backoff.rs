//! When a page tries again, on its own, a download that failed: not at every chance (an
//! answer, another tab's write), which offline would mean a request per key press, but
//! once at a time and, after each failure, only when a pause has passed that doubles up to
//! a ceiling. A user's action that needs the download now always tries.

/// The state of one download the page retries by itself (the reader's part).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backoff {
    /// An attempt is under way.
    busy: bool,
    /// The pause after the next failure: doubled by each failure in a row.
    pause_ms: f64,
    /// The earliest moment, in milliseconds, for the page's next own attempt.
    next_ms: f64,
}

impl Backoff {
    /// The pause after the first failure.
    pub const FIRST_PAUSE_MS: f64 = 30_000.0;
    /// The longest pause, however many failures came before.
    pub const LONGEST_PAUSE_MS: f64 = 600_000.0;

    pub const fn new() -> Self {
        Backoff {
            busy: false,
            pause_ms: Self::FIRST_PAUSE_MS,
            next_ms: 0.0,
        }
    }

    /// Whether to start an attempt at `now`: always when a user `asked`, otherwise only if
    /// none is under way and the pause since the last failure has passed. If so, the
    /// attempt is under way until [`Backoff::finished`].
    pub fn start(&mut self, now: f64, asked: bool) -> bool {
        let go = asked || (!self.busy && now >= self.next_ms);
        self.busy |= go;
        go
    }

    /// An attempt ended at `now`: a success clears the pauses, a failure doubles the next.
    pub fn finished(&mut self, now: f64, succeeded: bool) {
        self.busy = false;
        if succeeded {
            *self = Self::new();
        } else {
            self.next_ms = now + self.pause_ms;
            self.pause_ms = (2.0 * self.pause_ms).min(Self::LONGEST_PAUSE_MS);
        }
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::Backoff;

    #[test]
    fn one_attempt_at_a_time_and_none_of_its_own_until_the_pause_has_passed() {
        let mut tries = Backoff::new();
        assert!(tries.start(0.0, false), "the first chance tries");
        assert!(!tries.start(10.0, false), "not while one is under way");
        tries.finished(100.0, false);
        assert!(!tries.start(101.0, false), "not at the next answer");
        assert!(!tries.start(100.0 + Backoff::FIRST_PAUSE_MS - 1.0, false));
        assert!(tries.start(100.0 + Backoff::FIRST_PAUSE_MS, false));
        tries.finished(40_000.0, false);
        assert!(
            !tries.start(40_000.0 + Backoff::FIRST_PAUSE_MS, false),
            "the second pause is twice the first"
        );
        assert!(tries.start(40_000.0 + 2.0 * Backoff::FIRST_PAUSE_MS, false));
    }

    #[test]
    fn a_user_who_asks_always_tries_and_a_success_clears_the_pause() {
        let mut tries = Backoff::new();
        assert!(tries.start(0.0, false));
        assert!(tries.start(1.0, true), "asked while one is under way");
        tries.finished(2.0, false);
        assert!(tries.start(3.0, true), "asked during the pause");
        tries.finished(4.0, true);
        assert!(tries.start(5.0, false), "no pause after a success");
    }

    #[test]
    fn the_pause_stops_growing_at_the_ceiling() {
        let mut tries = Backoff::new();
        let mut now = 0.0;
        for _ in 0..40 {
            assert!(tries.start(now, false));
            tries.finished(now, false);
            now += Backoff::LONGEST_PAUSE_MS;
        }
        assert!(!tries.start(now - Backoff::LONGEST_PAUSE_MS + 1.0, false));
        assert!(tries.start(now, false), "never longer than the ceiling");
    }
}
