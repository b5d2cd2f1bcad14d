//! Where the prompts of indicators a file does not mention go: where
//! `init` would have put them. Beside the nearest mentioned indicator of
//! the same pillar and stage (after the one before it in the rubric, else
//! before the one after it); a stage the file has nothing of gets its
//! heading, after the pillar's earlier stages or before its later ones; a
//! pillar the file has nothing of gets its title, after the pillar before
//! it or before the pillar after it; a file that mentions no indicator
//! gets them at the end of its `[answers]` table, and one without
//! `[answers]` gets the whole table.

use super::super::template::{ANSWERS_HEADER, indicator_prompt, pillar_section, stage_section};
use super::Builder;
use super::lines::LineEdit;
use super::scan;
use crate::model::{Indicator, Pillar};

/// Where a text goes relative to an anchor line.
#[derive(Clone, Copy)]
enum At {
    /// After this line: the text starts with its blank line.
    After(usize),
    /// Before this line: the blank line moves to the end.
    Before(usize),
}

impl Builder<'_> {
    pub(super) fn place_new_indicators(&mut self) {
        let rubric = self.rubric;
        let new: Vec<&Indicator> = rubric
            .pillars
            .iter()
            .flat_map(|p| &p.indicators)
            .filter(|i| !self.mentions.contains_key(&i.id))
            .collect();
        if new.is_empty() {
            return;
        }
        self.counts.added += new.len();
        if !self.scan.has_answers {
            self.whole_table();
            return;
        }
        if scan::regions(&self.scan, self.text.len()).is_empty() {
            self.problems.push(
                "its answers are not under an `[answers]` table header, so there is no place for the new indicators' prompts".to_string(),
            );
            return;
        }
        for (index, pillar) in rubric.pillars.iter().enumerate() {
            self.place_pillar(index, pillar);
        }
    }

    fn is_new(&self, indicator: &Indicator) -> bool {
        !self.mentions.contains_key(&indicator.id)
    }

    /// (first, last) lines of every mention of these indicators.
    fn span_of<'i>(
        &self,
        indicators: impl Iterator<Item = &'i Indicator>,
    ) -> Option<(usize, usize)> {
        let spans = indicators.flat_map(|i| self.mentions.get(&i.id).into_iter().flatten());
        spans.fold(None, |acc, &(a, b)| match acc {
            None => Some((a, b)),
            Some((x, y)) => Some((x.min(a), y.max(b))),
        })
    }

    fn place_pillar(&mut self, index: usize, pillar: &Pillar) {
        if !pillar.indicators.iter().any(|i| self.is_new(i)) {
            return;
        }
        if self.span_of(pillar.indicators.iter()).is_some() {
            for stage in &self.rubric.stages {
                self.place_stage(pillar, stage);
            }
            return;
        }
        let pillars = &self.rubric.pillars;
        let before = pillars[..index]
            .iter()
            .rev()
            .find_map(|p| self.span_of(p.indicators.iter()));
        let after = pillars[index + 1..]
            .iter()
            .find_map(|p| self.span_of(p.indicators.iter()));
        let at = match (before, after) {
            (Some((_, last)), _) => At::After(last),
            (None, Some((first, _))) => At::Before(self.pillar_start(first)),
            (None, None) => At::After(self.end_of_answers()),
        };
        let text = pillar_section(self.rubric, pillar, |i| self.is_new(i));
        self.insert(at, &text);
    }

    fn place_stage(&mut self, pillar: &Pillar, stage: &crate::model::Stage) {
        let cell = |i: &&Indicator| i.stage_index == stage.index;
        let indicators: Vec<&Indicator> = pillar.indicators.iter().filter(cell).collect();
        let new: Vec<&Indicator> = indicators
            .iter()
            .copied()
            .filter(|i| self.is_new(i))
            .collect();
        if new.is_empty() {
            return;
        }
        if self.span_of(indicators.iter().copied()).is_some() {
            for indicator in new {
                self.place_indicator(&indicators, indicator);
            }
            return;
        }
        let earlier = pillar
            .indicators
            .iter()
            .filter(|i| i.stage_index < stage.index);
        let later = pillar
            .indicators
            .iter()
            .filter(|i| i.stage_index > stage.index);
        let at = match (
            self.span_of(earlier),
            self.first_of_stages_after(pillar, stage.index),
        ) {
            (Some((_, last)), _) => At::After(last),
            (None, Some(first)) => At::Before(self.stage_start(first)),
            (None, None) => match self.span_of(later) {
                Some((_, last)) => At::After(last),
                None => At::After(self.end_of_answers()),
            },
        };
        let text = stage_section(self.rubric, stage, &new);
        self.insert(at, &text);
    }

    /// The first line of the first later stage of `pillar` the file
    /// mentions, in stage order.
    fn first_of_stages_after(&self, pillar: &Pillar, index: usize) -> Option<usize> {
        self.rubric.stages[index + 1..].iter().find_map(|s| {
            let cell = pillar
                .indicators
                .iter()
                .filter(|i| i.stage_index == s.index);
            self.span_of(cell).map(|(first, _)| first)
        })
    }

    /// A new indicator in a stage the file already mentions: after the
    /// mentioned one just before it in the rubric, else before the one
    /// just after it.
    fn place_indicator(&mut self, cell: &[&Indicator], indicator: &Indicator) {
        let position = cell.iter().position(|i| i.id == indicator.id).unwrap_or(0);
        let before = cell[..position]
            .iter()
            .rev()
            .find_map(|i| self.span_of(std::iter::once(*i)));
        let after = cell[position + 1..]
            .iter()
            .find_map(|i| self.span_of(std::iter::once(*i)));
        let at = match (before, after) {
            (Some((_, last)), _) => At::After(last),
            (None, Some((first, _))) => At::Before(self.block_start(first)),
            (None, None) => At::After(self.end_of_answers()),
        };
        let text = indicator_prompt(self.rubric, indicator);
        self.insert(at, &text);
    }

    fn insert(&mut self, at: At, text: &str) {
        let eol = self.lines.eol();
        let text = if eol == "\n" {
            text.to_string()
        } else {
            text.replace('\n', eol)
        };
        let (line, text) = match at {
            At::After(line) => (line + 1, text),
            At::Before(line) => {
                let body = text.strip_prefix(eol).unwrap_or(&text);
                (line, format!("{body}{eol}"))
            }
        };
        self.edits.push(LineEdit {
            start: line,
            end: line,
            text,
        });
    }

    /// A file without `[answers]`: the whole table, before `[actions]` or
    /// at the end.
    fn whole_table(&mut self) {
        let mut text = ANSWERS_HEADER.to_string();
        for pillar in &self.rubric.pillars {
            text.push_str(&pillar_section(self.rubric, pillar, |_| true));
        }
        let actions = self
            .scan
            .headers
            .iter()
            .find(|h| h.path.first().is_some_and(|p| p == "actions"));
        let at = match actions {
            Some(h) => At::Before(self.lines.of(h.span.start)),
            None => At::After(self.lines.count().saturating_sub(1)),
        };
        let at = match (at, self.lines.count()) {
            (At::After(_), 0) => At::Before(0),
            (at, _) => at,
        };
        self.insert(at, &text);
    }

    /// The last non-blank line of the `[answers]` table (or its first
    /// region when it has only sub-tables).
    fn end_of_answers(&self) -> usize {
        let regions = scan::regions(&self.scan, self.text.len());
        let region = regions
            .iter()
            .find(|(_, prefix)| prefix.is_empty())
            .or(regions.first());
        let Some((range, _)) = region else {
            return self.lines.count().saturating_sub(1);
        };
        let header = self.lines.of(range.start);
        let mut last = self.lines.of(range.end.saturating_sub(1).max(range.start));
        while last > header && self.lines.is_blank(last) {
            last -= 1;
        }
        last
    }

    fn is_comment(&self, i: usize) -> bool {
        self.lines.content(i).trim_start().starts_with('#')
    }

    fn is_heading(&self, i: usize) -> bool {
        let line = self.lines.content(i).trim_start();
        line.starts_with("# ---") || line.starts_with("# ===")
    }

    /// The first line of the comment block that introduces the mention at
    /// `line` (`init`'s statement, guidance and scale lines), stopping at
    /// headings and at other prompts.
    fn block_start(&self, line: usize) -> usize {
        let mut start = line;
        while start > 0 {
            let above = start - 1;
            if !self.is_comment(above)
                || self.is_heading(above)
                || super::id_line(self.lines.content(above)).is_some()
            {
                break;
            }
            start = above;
        }
        start
    }

    /// Where a stage's part starts: its heading when it has one.
    fn stage_start(&self, line: usize) -> usize {
        let block = self.block_start(line);
        let mut k = block;
        while k > 0 && self.lines.is_blank(k - 1) {
            k -= 1;
        }
        match k.checked_sub(1) {
            Some(h) if self.lines.content(h).trim_start().starts_with("# ---") => h,
            _ => block,
        }
    }

    /// Where a pillar's part starts: its title between rules and its first
    /// stage heading, when it has them.
    fn pillar_start(&self, line: usize) -> usize {
        let block = self.block_start(line);
        let mut k = block;
        while k > 0 {
            let above = k - 1;
            let title = self.is_comment(above) && above > 0 && self.is_heading(above - 1);
            if self.lines.is_blank(above) || self.is_heading(above) || title {
                k = above;
            } else {
                break;
            }
        }
        while k < block && self.lines.is_blank(k) {
            k += 1;
        }
        k
    }
}
