//! A fast path for files that are written correctly, which is every file
//! read on the way to a report: it reads the text straight into [`ast`]
//! items, in one pass over the bytes and without a parse tree.
//!
//! It is not a second grammar. It accepts a strict subset of what
//! `grammar/rubric.pest` accepts, and gives up (`None`) at the first thing
//! it does not expect: anything that would become an `unknown_statement`,
//! any property given twice, any escape or layout it does not know. The
//! file is then read by pest as before, so every diagnostic still comes
//! from the grammar and its lowering, unchanged. When it does accept a
//! file, its items are exactly those [`lower`](super::lower) makes from the
//! pest parse (same values, same spans); `tests::fast_path_agrees_with_pest`
//! checks that on every rubric of the repository and on many mutations of
//! them.
//!
//! Reading with pest costs some 250 instructions a byte even without
//! error tracking; this costs a few.

use super::ast::*;
use super::lower::{dedent, unescape};
use crate::source::{FileId, Span};

/// The items of `text`, or `None` when the fast path cannot vouch for them
/// (the caller then parses with pest).
pub(super) fn parse(file: FileId, text: &str) -> Option<Vec<Item>> {
    let mut r = Reader {
        file,
        text,
        b: text.as_bytes(),
        pos: 0,
    };
    r.file()
}

struct Reader<'t> {
    file: FileId,
    text: &'t str,
    b: &'t [u8],
    pos: usize,
}

fn is_id_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

impl<'t> Reader<'t> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, s: &str) -> bool {
        self.b[self.pos..].starts_with(s.as_bytes())
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start..self.pos)
    }

    /// pest's implicit `WHITESPACE* (COMMENT WHITESPACE*)*`.
    fn skip(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        if self.peek() == Some(b'#') {
            while !matches!(self.peek(), None | Some(b'\n' | b'\r')) {
                self.pos += 1;
            }
        }
    }

    /// `NEWLINE`: `\n`, `\r\n` or `\r`.
    fn newline(&mut self) -> bool {
        match self.peek() {
            Some(b'\n') => self.pos += 1,
            Some(b'\r') => {
                self.pos += 1;
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            _ => return false,
        }
        true
    }

    /// Blank space, comments and line breaks.
    fn blank_lines(&mut self) {
        loop {
            self.skip();
            if !self.newline() {
                return;
            }
        }
    }

    /// `end_stmt`: line breaks, or a `}` that follows on the same line.
    fn end_stmt(&mut self) -> Option<()> {
        self.skip();
        if self.newline() {
            self.blank_lines();
            Some(())
        } else {
            (self.peek() == Some(b'}')).then_some(())
        }
    }

    /// The word at the cursor (the `id_char`s), not consumed: a keyword
    /// matches when it is the whole word (`keyword ~ !id_char`).
    fn word(&self) -> &'t str {
        let len = self.b[self.pos..]
            .iter()
            .take_while(|c| is_id_char(**c))
            .count();
        &self.text[self.pos..self.pos + len]
    }

    /// Consumes `keyword` and the blank space after it.
    fn keyword(&mut self, keyword: &str) -> Option<()> {
        (self.word() == keyword).then(|| {
            self.pos += keyword.len();
            self.skip();
        })
    }

    fn expect(&mut self, token: &str) -> Option<()> {
        self.at(token).then(|| self.pos += token.len())
    }

    fn id_chars(&mut self, stop_at_arrow: bool) {
        while self.peek().is_some_and(is_id_char) && !(stop_at_arrow && self.at("->")) {
            self.pos += 1;
        }
    }

    /// `ASCII_ALPHA ~ id_char*`, or with `stop_at_arrow`
    /// `ASCII_ALPHA ~ (!"->" ~ id_char)*`; then `min_dots` or more
    /// `"." ~` the same, as many as there are (`max_dots`).
    fn id(
        &mut self,
        stop_at_arrow: bool,
        min_dots: usize,
        max_dots: usize,
    ) -> Option<Spanned<String>> {
        let start = self.pos;
        if !self.peek()?.is_ascii_alphabetic() {
            return None;
        }
        self.pos += 1;
        self.id_chars(stop_at_arrow);
        let mut dots = 0;
        while dots < max_dots
            && self.peek() == Some(b'.')
            && self
                .b
                .get(self.pos + 1)
                .is_some_and(u8::is_ascii_alphabetic)
        {
            self.pos += 2;
            self.id_chars(stop_at_arrow);
            dots += 1;
        }
        if dots < min_dots {
            return None;
        }
        Some(Spanned::new(
            self.text[start..self.pos].to_string(),
            self.span(start),
        ))
    }

    fn plain_id(&mut self) -> Option<Spanned<String>> {
        self.id(false, 0, 0)
    }

    /// `id_char+` (`rating`, `word`).
    fn id_chars_word(&mut self) -> Option<Spanned<String>> {
        let start = self.pos;
        self.id_chars(false);
        (self.pos > start)
            .then(|| Spanned::new(self.text[start..self.pos].to_string(), self.span(start)))
    }

    /// `"-"? ~ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)?`
    fn number_end(&self) -> Option<usize> {
        let digits = |from: usize| {
            self.b[from.min(self.b.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let mut end = self.pos + usize::from(self.peek() == Some(b'-'));
        let whole = digits(end);
        if whole == 0 {
            return None;
        }
        end += whole;
        if self.b.get(end) == Some(&b'.') {
            let fraction = digits(end + 1);
            if fraction > 0 {
                end += 1 + fraction;
            }
        }
        Some(end)
    }

    fn number(&mut self) -> Option<Spanned<f64>> {
        let start = self.pos;
        self.pos = self.number_end()?;
        // As the lowering reads it.
        let value = self.text[start..self.pos]
            .parse::<f64>()
            .unwrap_or(f64::NAN);
        Some(Spanned::new(value, self.span(start)))
    }

    /// A one-line `"string"`, unescaped, spanned with its quotes.
    fn string(&mut self) -> Option<Spanned<String>> {
        let start = self.pos;
        self.expect("\"")?;
        let inner = self.pos;
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\n' | b'\r' => return None,
                b'\\' => {
                    if !matches!(self.b.get(self.pos + 1), Some(b'"' | b'\\' | b'n' | b't')) {
                        return None;
                    }
                    escaped = true;
                    self.pos += 2;
                }
                _ => self.pos += 1,
            }
        }
        let raw = &self.text[inner..self.pos];
        self.pos += 1;
        let value = if escaped {
            unescape(raw)
        } else {
            raw.to_string()
        };
        Some(Spanned::new(value, self.span(start)))
    }

    /// `text`: a `"""` block (dedented) or a one-line string.
    fn text(&mut self) -> Option<Spanned<String>> {
        if !self.at("\"\"\"") {
            return self.string();
        }
        let start = self.pos;
        let inner = start + 3;
        let len = self.text[inner..].find("\"\"\"")?;
        self.pos = inner + len + 3;
        let value = dedent(&self.text[inner..inner + len]);
        Some(Spanned::new(value, self.span(start)))
    }

    /// `keyword text`, spanned from the keyword (what `prop_text` does).
    fn prop_text(&mut self, start: usize) -> Option<Spanned<String>> {
        let mut value = self.text()?;
        value.span = self.span(start);
        Some(value)
    }

    /// `open ~ (statement ~ end_stmt)* ~ close`, each statement read by
    /// `statement` from its first character; the offset after the `}`.
    fn block(&mut self, mut statement: impl FnMut(&mut Self) -> Option<()>) -> Option<usize> {
        self.expect("{")?;
        loop {
            self.blank_lines();
            if self.expect("}").is_some() {
                return Some(self.pos);
            }
            statement(self)?;
            self.end_stmt()?;
        }
    }

    fn file(&mut self) -> Option<Vec<Item>> {
        let mut items = Vec::new();
        loop {
            self.blank_lines();
            if self.pos == self.b.len() {
                return Some(items);
            }
            items.push(self.top_statement()?);
            // `end_top`: line breaks or the end of the file.
            self.skip();
            if !self.newline() && self.pos != self.b.len() {
                return None;
            }
        }
    }

    fn top_statement(&mut self) -> Option<Item> {
        let start = self.pos;
        Some(match self.word() {
            "include" => {
                self.keyword("include")?;
                let mut path = self.string()?;
                path.span = self.span(start);
                Item::Include(path)
            }
            "rubric" => Item::Rubric(self.rubric()?),
            "scale" => Item::Scale(self.scale(start)?),
            "stage" => Item::Stage(self.stage()?),
            "pillar" => Item::Pillar(self.pillar()?),
            "advance" => Item::Advance(self.advance()?),
            "scoring" => Item::Scoring(self.scoring(start)?),
            "evolution" => Item::Evolution(self.evolution(start)?),
            _ => return None,
        })
    }

    fn rubric(&mut self) -> Option<RubricDecl> {
        self.keyword("rubric")?;
        let mut decl = RubricDecl {
            id: self.plain_id()?,
            ..Default::default()
        };
        self.skip();
        self.text_props([
            ("title", &mut decl.title),
            ("version", &mut decl.version),
            ("summary", &mut decl.summary),
        ])?;
        Some(decl)
    }

    fn scale(&mut self, start: usize) -> Option<ScaleDecl> {
        self.keyword("scale")?;
        let id = self.plain_id()?;
        self.skip();
        let is_default = self.keyword("default").is_some();
        let mut levels = Vec::new();
        let mut met = None;
        let end = self.block(|r| {
            if r.word() == "met" {
                r.keyword("met")?;
                // `at` is optional: `met at 2` or `met 2`.
                let _ = r.keyword("at");
                return set(&mut met, r.number()?);
            }
            let value = r.number()?;
            r.skip();
            let label = r.string()?;
            r.skip();
            let help = match r.peek() {
                Some(b'"') => Some(r.text()?.value),
                _ => None,
            };
            levels.push(LevelDecl { value, label, help });
            Some(())
        })?;
        Some(ScaleDecl {
            id,
            is_default,
            levels,
            met,
            span: Span::new(self.file, start..end),
        })
    }

    /// `KEYWORD id "Name"` opening a stage or a pillar.
    fn named(&mut self, keyword: &str) -> Option<(Spanned<String>, Spanned<String>)> {
        self.keyword(keyword)?;
        let id = self.plain_id()?;
        self.skip();
        let name = self.string()?;
        self.skip();
        Some((id, name))
    }

    fn stage(&mut self) -> Option<StageDecl> {
        let (id, name) = self.named("stage")?;
        let mut decl = StageDecl {
            id,
            name,
            tagline: None,
            description: None,
            challenge: None,
        };
        self.text_props([
            ("tagline", &mut decl.tagline),
            ("description", &mut decl.description),
            ("challenge", &mut decl.challenge),
        ])?;
        Some(decl)
    }

    fn pillar(&mut self) -> Option<PillarDecl> {
        let (id, name) = self.named("pillar")?;
        let mut decl = PillarDecl {
            id,
            name,
            weight: None,
            description: None,
            groups: Vec::new(),
        };
        self.block(|r| {
            let start = r.pos;
            match r.word() {
                "weight" => {
                    r.keyword("weight")?;
                    set(&mut decl.weight, r.number()?)
                }
                "description" => {
                    r.keyword("description")?;
                    set(&mut decl.description, r.prop_text(start)?)
                }
                "at" => {
                    r.keyword("at")?;
                    let group = r.at_stage()?;
                    decl.groups.push(group);
                    Some(())
                }
                _ => None,
            }
        })?;
        Some(decl)
    }

    fn at_stage(&mut self) -> Option<AtStage> {
        let stage = self.plain_id()?;
        self.skip();
        let mut indicators = Vec::new();
        self.block(|r| {
            r.keyword("indicator")?;
            indicators.push(r.indicator()?);
            Some(())
        })?;
        Some(AtStage { stage, indicators })
    }

    fn indicator(&mut self) -> Option<IndicatorDecl> {
        let id = self.plain_id()?;
        self.skip();
        let statement = self.string()?;
        self.skip();
        let mut decl = IndicatorDecl {
            id,
            statement,
            guidance: None,
            weight: None,
            scale: None,
        };
        if self.peek() != Some(b'{') {
            return Some(decl);
        }
        self.block(|r| {
            let start = r.pos;
            match r.word() {
                "guidance" => {
                    r.keyword("guidance")?;
                    set(&mut decl.guidance, r.prop_text(start)?)
                }
                "weight" => {
                    r.keyword("weight")?;
                    set(&mut decl.weight, r.number()?)
                }
                "scale" => {
                    r.keyword("scale")?;
                    set(&mut decl.scale, r.plain_id()?)
                }
                _ => None,
            }
        })?;
        Some(decl)
    }

    fn advance(&mut self) -> Option<AdvanceDecl> {
        self.keyword("advance")?;
        let from = if self.at("->") {
            None
        } else {
            let from = self.id(true, 0, 0)?;
            self.skip();
            Some(from)
        };
        self.expect("->")?;
        self.skip();
        let to = self.plain_id()?;
        self.skip();
        let mut actions = Vec::new();
        self.block(|r| {
            r.keyword("action")?;
            actions.push(r.action()?);
            Some(())
        })?;
        Some(AdvanceDecl { from, to, actions })
    }

    fn action(&mut self) -> Option<ActionDecl> {
        let id = self.id(false, 0, usize::MAX)?;
        self.skip();
        let title = self.string()?;
        self.skip();
        let mut decl = ActionDecl::new(id, title);
        self.block(|r| {
            let start = r.pos;
            let word = r.word();
            r.keyword(word)?;
            match word {
                "pillar" => set(&mut decl.pillar, r.plain_id()?),
                "cross-cutting" => set(&mut decl.cross_cutting, r.string()?),
                "impact" => set(&mut decl.impact, r.id_chars_word()?),
                "effort" => set(&mut decl.effort, r.id_chars_word()?),
                "description" => set(&mut decl.description, r.prop_text(start)?),
                "serves" => r.id_list(&mut decl.serves, 0),
                "after" => r.id_list(&mut decl.after, 0),
                _ => None,
            }
        })?;
        Some(decl)
    }

    /// `ID ~ ("," ~ ID)*` of ids with at least `min_dots` dots.
    fn id_list(&mut self, ids: &mut Vec<Spanned<String>>, min_dots: usize) -> Option<()> {
        loop {
            ids.push(self.id(false, min_dots, usize::MAX)?);
            let after = self.pos;
            self.skip();
            if self.expect(",").is_none() {
                self.pos = after;
                return Some(());
            }
            self.skip();
        }
    }

    fn scoring(&mut self, start: usize) -> Option<ScoringDecl> {
        self.keyword("scoring")?;
        let mut settings = Vec::new();
        let end = self.block(|r| {
            let key = r.plain_id()?;
            r.skip();
            let value = match r.number_end() {
                Some(_) => {
                    let from = r.pos;
                    r.number()?;
                    Spanned::new(r.text[from..r.pos].to_string(), r.span(from))
                }
                None => r.id_chars_word()?,
            };
            settings.push((key, value));
            Some(())
        })?;
        Some(ScoringDecl {
            settings,
            span: Span::new(self.file, start..end),
        })
    }

    fn evolution(&mut self, start: usize) -> Option<EvolutionDecl> {
        self.keyword("evolution")?;
        let mut since = None;
        let mut renamed = Vec::new();
        let mut retired = Vec::new();
        let end = self.block(|r| match r.word() {
            "since" => {
                r.keyword("since")?;
                set(&mut since, r.string()?)
            }
            "renamed" => {
                r.keyword("renamed")?;
                let from = r.id(true, 1, usize::MAX)?;
                r.skip();
                r.expect("->")?;
                r.skip();
                let to = r.id(false, 1, usize::MAX)?;
                renamed.push(RenameDecl { from, to });
                Some(())
            }
            "retired" => {
                r.keyword("retired")?;
                r.id_list(&mut retired, 1)
            }
            _ => None,
        })?;
        Some(EvolutionDecl {
            since,
            renamed,
            retired,
            span: Span::new(self.file, start..end),
        })
    }
}

/// Sets a property given once; a second one gives up (the lowering reports
/// it).
impl Reader<'_> {
    /// A block of text properties, each named by its keyword and given at
    /// most once; anything else gives up. Returns what [`Reader::block`]
    /// does.
    fn text_props<const N: usize>(
        &mut self,
        mut slots: [(&str, &mut Option<Spanned<String>>); N],
    ) -> Option<usize> {
        self.block(|r| {
            let start = r.pos;
            let word = r.word();
            let (_, slot) = slots.iter_mut().find(|(name, _)| *name == word)?;
            r.keyword(word)?;
            set(slot, r.prop_text(start)?)
        })
    }
}

fn set<T>(slot: &mut Option<Spanned<T>>, value: Spanned<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// Every `.rubric` file of the repository.
    fn rubric_files() -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name();
                if path.is_dir() {
                    if name != "target" && name != ".git" {
                        walk(&path, out);
                    }
                } else if path.extension().is_some_and(|e| e == "rubric") {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        walk(Path::new(env!("CARGO_MANIFEST_DIR")), &mut out);
        out.sort();
        out
    }

    /// When the fast path reads `text`, pest reads it to the same items
    /// with nothing to report. Returns whether the fast path read it.
    fn agrees(text: &str) -> bool {
        let Some(items) = super::parse(0, text) else {
            return false;
        };
        let parsed = crate::syntax::parse_with_pest(0, text, None)
            .unwrap_or_else(|()| panic!("fast path accepted what pest rejects:\n{text}"));
        assert!(
            parsed.diagnostics.is_empty() && parsed.poisoned.is_empty(),
            "fast path accepted a file with problems:\n{text}"
        );
        assert_eq!(
            items, parsed.items,
            "fast path differs from pest on:\n{text}"
        );
        true
    }

    /// `text` with one edit at about every `stride` bytes: a character
    /// deleted, or one of the characters that matter to the grammar
    /// inserted.
    fn mutations(text: &str, stride: usize) -> Vec<String> {
        const INSERTS: &[&str] = &[
            "\"", "{", "}", "\n", " ", "#", "-", ".", ",", "x", "\\", "1", "\r", "\"\"\"", "->",
            "\t", "é",
        ];
        let mut out = Vec::new();
        let mut at = 0;
        let mut n = 0usize;
        while at <= text.len() {
            if text.is_char_boundary(at) {
                let insert = INSERTS[n % INSERTS.len()];
                out.push(format!("{}{insert}{}", &text[..at], &text[at..]));
                if let Some(c) = text[at..].chars().next() {
                    out.push(format!("{}{}", &text[..at], &text[at + c.len_utf8()..]));
                }
                n += 1;
            }
            at += stride;
        }
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for i in (0..lines.len()).step_by(stride.div_ceil(8).max(1)) {
            let mut without = lines.clone();
            without.remove(i);
            out.push(without.concat());
            let mut twice = lines.clone();
            twice.insert(i, lines[i]);
            out.push(twice.concat());
        }
        out
    }

    #[test]
    fn fast_path_reads_the_bundled_rubric() {
        let text = include_str!("../../rubrics/ecommerce.rubric");
        assert!(agrees(text));
    }

    #[test]
    fn fast_path_agrees_with_pest() {
        let files = rubric_files();
        assert!(files.len() > 10, "{files:?}");
        let mut read = 0;
        for path in &files {
            // Some hostile test files are not UTF-8 on purpose.
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            read += usize::from(agrees(&text));
            let stride = (text.len() / 150).max(1);
            for mutated in mutations(&text, stride) {
                agrees(&mutated);
            }
        }
        assert!(read > files.len() / 3, "the fast path read {read} files");
    }

    #[test]
    fn fast_path_agrees_on_edge_cases() {
        let cases = [
            "rubric r { title \"a\" }",
            "rubric r {\n  title \"a\\\"b\\\\c\\nd\\te\"\n}\n",
            "rubric r {}\nscale s default { met at 1\n 0 \"a\"\n -1.5 \"b\" \"\"\"\n  help\n  \"\"\" }",
            "scale default {\n met 2\n}",
            "advance -> a {}\nadvance a-b->c {\n action x.y.z \"T\" {\n serves p.a , p.b,q\n after x\n impact high\n effort low\n cross-cutting \"C\"\n pillar p\n }\n}",
            "pillar p \"P\" { weight 2.5\n at s { indicator i \"I\"\n indicator j \"J\" { scale s\n guidance \"\"\"g\"\"\" weight 1 } } }",
            "evolution {\n since \"2\"\n renamed a.b->c.d\n renamed a.b-c -> c.d\n retired a.b, c.d\n}",
            "scoring {\n overall min\n x -2\n y 2.5\n z -a\n}",
            "include \"a.rubric\" # c\r\nstage s \"S\" {\r\n tagline \"\" # c\r\n}\r",
            "rubric r { title \"a\" title \"b\" }",
            "rubric r { title \"\"\"\"\"\" }",
            "scale s { 1 \"a\" \"b\" \"c\" }",
            "pillar p \"P\" { at s { indicator i \"I\" { } } }\n\n# end",
            "stage s \"S\" {\n description \"\"\"a\n  b\n\"\"\"\n}",
            "advance a. -> b {}",
            "advance x->y {}\nadvance->y {}",
        ];
        for case in cases {
            agrees(case);
        }
    }
}
