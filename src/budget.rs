//! A memory budget for theme templates.
//!
//! minijinja's fuel counts instructions, not bytes: about forty lines of
//! `{% set b = a ~ a %}` double a string each and exhaust the machine's
//! memory in a few hundred instructions, and minijinja has no hook on `~`,
//! `+` or `join` where a size could be checked. So the budget is enforced
//! where every byte comes from: [`Counting`], the binary's global allocator,
//! wraps mimalloc (see [`tune`]) and keeps a per-thread count of the bytes a render has
//! allocated and not yet freed. The count is armed only while a template
//! renders ([`arm`], a guard around the render call); a render runs on one
//! thread (rayon renders several at once, each on its own thread and with
//! its own budget), so the per-thread count is that render's.
//!
//! An allocator cannot return an error and must not unwind, and refusing
//! the allocation would abort with Rust's bare "memory allocation failed".
//! So the request that would cross the budget is not made: the message
//! prepared when the guard was armed (a rendered diagnostic naming theme,
//! template and budget) is written to stderr with `write(2)`, which does
//! not allocate, and the process ends with `_exit(1)` (exit 1: an input
//! error). Outputs are written to a temporary file and renamed, so no file
//! is left half-written and the previous report stays in place.
//!
//! The allocator's own cost is one thread-local subtraction and sign test
//! per allocation (and one addition per free), armed or not. Without [`Counting`] installed as the global allocator (the
//! library used on its own, unit tests) [`arm`] does nothing.

use std::alloc::{GlobalAlloc, Layout};

use mimalloc::MiMalloc as Inner;
use std::cell::Cell;
use std::marker::PhantomData;

/// Bytes one render may hold at once, on top of what existed when it
/// started (the largest reports need a few MiB; output is capped at
/// 64 MiB separately).
pub const RENDER_BUDGET: usize = 256 * 1024 * 1024;

/// What [`LEFT`] holds while no render is counted: so large that no
/// thread ever allocates it all, so the allocator's fast path need not
/// test whether a render is armed (one subtraction and one sign test).
const DISARMED: isize = isize::MAX / 2;

thread_local! {
    /// Whether a render is being counted on this thread.
    static ARMED: Cell<bool> = const { Cell::new(false) };
    /// Bytes the render may still allocate (freeing gives them back);
    /// [`DISARMED`] outside renders.
    static LEFT: Cell<isize> = const { Cell::new(DISARMED) };
    /// The message to print when the budget runs out (pointer, length):
    /// borrowed from the [`Armed`] guard, which outlives the arming.
    static MESSAGE: Cell<(*const u8, usize)> = const { Cell::new((std::ptr::null(), 0)) };
}

/// The global allocator of the `rubricate` binary: mimalloc plus the
/// render budget.
pub struct Counting;

// SAFETY: every method forwards to mimalloc with the caller's arguments;
// the bookkeeping touches only const-initialised thread-locals without
// destructors (no allocation, no unwinding) and never changes what is
// allocated.
unsafe impl GlobalAlloc for Counting {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        take(layout.size());
        // SAFETY: forwarded unchanged.
        unsafe { Inner.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        take(layout.size());
        // SAFETY: forwarded unchanged.
        unsafe { Inner.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        give(layout.size());
        // SAFETY: forwarded unchanged.
        unsafe { Inner.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            take(new_size - layout.size());
        } else {
            give(layout.size() - new_size);
        }
        // SAFETY: forwarded unchanged.
        unsafe { Inner.realloc(ptr, layout, new_size) }
    }
}

/// mimalloc's option `purge_delay` (its number in `mimalloc.h` of the
/// pinned libmimalloc-sys 0.1.49, mimalloc v3; the crate has no constant
/// for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long mimalloc keeps freed memory before giving it back, in
/// milliseconds, unless `MIMALLOC_PURGE_DELAY` says otherwise.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Sets the binary's allocator up; call first thing in `main`.
///
/// Why mimalloc rather than glibc's malloc: a report allocates and frees
/// hundreds of thousands of small values (the view handed to the theme,
/// minijinja's values, strings); with glibc that was a quarter of all
/// instructions of a batch build, with mimalloc a tenth (callgrind, 100
/// reports: 807 M → 658 M instructions in all).
///
/// Why these settings: mimalloc's default keeps freed pages for a second
/// before returning them, which at 10,000 assessments held 60 MB where
/// glibc held 50; 10 ms returns them while a build is still running.
/// Transparent huge pages are off (the `no_thp` feature): with them every
/// first touch of a 2 MiB page zeroes all of it, which cost more system
/// time than the allocator saved and grew the peak to 2 MiB steps.
pub fn tune() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one option value; mimalloc reads options atomically.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

/// Counts `bytes` (at most `isize::MAX`, which `Layout` guarantees)
/// against the budget; ends the process past an armed one.
#[inline(always)]
fn take(bytes: usize) {
    LEFT.with(|l| {
        let left = l.get().wrapping_sub(bytes as isize);
        if left < 0 {
            exhausted(l);
        } else {
            l.set(left);
        }
    });
}

#[inline(always)]
fn give(bytes: usize) {
    LEFT.with(|l| l.set(l.get().wrapping_add(bytes as isize)));
}

/// The count went below zero: over budget if armed; otherwise a thread
/// allocated more than [`DISARMED`] bytes in its life, so start over.
#[cold]
#[inline(never)]
fn exhausted(left: &Cell<isize>) {
    if ARMED.with(Cell::get) {
        over_budget();
    }
    left.set(DISARMED);
}

/// Prints the armed message without allocating and exits with 1.
#[cold]
#[inline(never)]
fn over_budget() -> ! {
    ARMED.with(|a| a.set(false));
    let (ptr, len) = MESSAGE.with(Cell::get);
    #[cfg(unix)]
    {
        let mut done = 0;
        while done < len {
            // SAFETY: `ptr..ptr+len` is the armed guard's live message.
            let n = unsafe { libc::write(2, ptr.add(done).cast(), len - done) };
            if n <= 0 {
                break;
            }
            done += n as usize;
        }
        // SAFETY: ends the process at once, running nothing that could
        // allocate (no atexit handlers, no buffered stdout flush).
        unsafe { libc::_exit(1) }
    }
    #[cfg(not(unix))]
    {
        use std::io::Write as _;
        // SAFETY: as above; stderr is unbuffered.
        let message = unsafe { std::slice::from_raw_parts(ptr, len) };
        let _ = std::io::stderr().write_all(message);
        std::process::exit(1)
    }
}

/// Counts this thread's allocations against `budget` bytes until the guard
/// is dropped; past the budget, `message` is printed and the process exits
/// with 1. Arming again while armed (not done today) nests: the inner guard
/// restores the outer budget, less what the inner render still holds.
pub fn arm(budget: usize, message: &str) -> Armed<'_> {
    let outer = Outer {
        armed: ARMED.with(Cell::get),
        left: LEFT.with(Cell::get),
        message: MESSAGE.with(Cell::get),
    };
    let budget = budget.min(DISARMED as usize) as isize;
    MESSAGE.with(|m| m.set((message.as_ptr(), message.len())));
    LEFT.with(|l| l.set(budget));
    ARMED.with(|a| a.set(true));
    Armed {
        outer,
        budget,
        _message: PhantomData,
    }
}

#[derive(Clone, Copy)]
struct Outer {
    armed: bool,
    left: isize,
    message: (*const u8, usize),
}

/// Guard of [`arm`]: disarms (or restores the outer budget) when dropped.
pub struct Armed<'a> {
    outer: Outer,
    budget: isize,
    _message: PhantomData<&'a str>,
}

impl Armed<'_> {
    /// Bytes allocated and not freed since arming (negative when the render
    /// freed more than it allocated). Always 0 without [`Counting`].
    pub fn held(&self) -> isize {
        self.budget - LEFT.with(Cell::get)
    }
}

impl Drop for Armed<'_> {
    fn drop(&mut self) {
        let held = self.held().max(0);
        ARMED.with(|a| a.set(false));
        MESSAGE.with(|m| m.set(self.outer.message));
        let left = if self.outer.armed {
            // What the inner render still holds counts against the outer.
            self.outer.left.saturating_sub(held)
        } else {
            DISARMED
        };
        LEFT.with(|l| l.set(left));
        ARMED.with(|a| a.set(self.outer.armed));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arming_without_the_allocator_counts_nothing_and_disarms() {
        let message = String::from("over\n");
        {
            let guard = arm(16, &message);
            let big = vec![0u8; 1 << 20];
            assert_eq!(big.len(), 1 << 20);
            // The test harness uses the system allocator: nothing counted.
            assert_eq!(guard.held(), 0);
        }
        assert!(!ARMED.with(Cell::get));
    }

    #[test]
    fn take_and_give_track_what_is_held() {
        let message = String::from("over\n");
        let guard = arm(1000, &message);
        take(600);
        give(200);
        assert_eq!(guard.held(), 400);
        {
            let inner = arm(500, &message);
            take(300);
            assert_eq!(inner.held(), 300);
        }
        // The inner render's 300 live bytes now count against the outer.
        assert_eq!(guard.held(), 700);
        give(700);
        assert_eq!(guard.held(), 0);
        drop(guard);
        assert!(!ARMED.with(Cell::get));
    }
}
