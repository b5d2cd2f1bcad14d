//! The order documents are handed to tabs: fresh ones in order, then any
//! whose browser died under them, each of which gets one second chance on a
//! fresh browser (one retry, so a document that kills the browser cannot
//! loop forever).

use std::collections::VecDeque;

/// Job indices still to print.
pub struct Queue {
    next: usize,
    len: usize,
    again: VecDeque<usize>,
    retried: Vec<bool>,
}

impl Queue {
    /// Jobs `0..len`, none tried yet.
    pub fn new(len: usize) -> Queue {
        Queue {
            next: 0,
            len,
            again: VecDeque::new(),
            retried: vec![false; len],
        }
    }

    /// The next job to start: a retry first (its browser already failed it
    /// once), then the next fresh one.
    pub fn pop(&mut self) -> Option<usize> {
        if let Some(i) = self.again.pop_front() {
            return Some(i);
        }
        (self.next < self.len).then(|| {
            self.next += 1;
            self.next - 1
        })
    }

    /// Whether nothing is left to start.
    pub fn is_empty(&self) -> bool {
        self.again.is_empty() && self.next >= self.len
    }

    /// Queues `index` again after its browser died; `false` (and nothing
    /// queued) if it already had its second chance.
    pub fn retry(&mut self, index: usize) -> bool {
        match self.retried.get_mut(index) {
            Some(done) if !*done => {
                *done = true;
                self.again.push_back(index);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_jobs_in_order_retries_first_and_only_once() {
        let mut q = Queue::new(3);
        assert_eq!(q.pop(), Some(0));
        assert_eq!(q.pop(), Some(1));
        assert!(q.retry(0));
        assert_eq!(q.pop(), Some(0));
        assert!(!q.retry(0), "one second chance only");
        assert_eq!(q.pop(), Some(2));
        assert!(q.is_empty());
        assert_eq!(q.pop(), None);
        assert!(!q.retry(7), "unknown index is refused, not a panic");
    }
}
