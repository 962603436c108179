//! What the walkthrough's form and the bindings form share: a set of fields, each with its URL
//! parameter and label; the form's raw text by field; the result of checking it (an error and notes
//! per field, the plan when every field is valid); and a form read from a link, with an error per
//! parameter that could not be used.

/// Messages per field, in field order. A sorted list with BTreeMap's API: each BTreeMap type costs
/// the wasm several KB more.
pub type FieldMap<F, V> = litemap::LiteMap<F, V>;

/// One field of a form.
pub trait FormField: Copy + Ord + Send + Sync + 'static {
    /// Every field, in form order.
    const ALL: &'static [Self];
    /// The link's query parameter (also the `name` of the field's input).
    fn param(self) -> &'static str;
    /// The label next to the input, also used in messages that name fields to fix.
    fn label(self) -> &'static str;
}

/// A form as typed, read and written field by field (raw text, so nothing typed is lost).
pub trait Fields: Send + Sync + 'static {
    type Field: FormField;
    fn get(&self, field: Self::Field) -> String;
    fn set(&mut self, field: Self::Field, value: String);
}

/// The outcome of checking a form: an error per invalid field, notes (repairs, warnings, defaults
/// applied) per field, and the plan when there are no errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked<F, P> {
    pub errors: FieldMap<F, String>,
    pub notes: FieldMap<F, Vec<String>>,
    pub plan: Option<P>,
}

impl<F, P> Default for Checked<F, P> {
    fn default() -> Self {
        Checked { errors: FieldMap::new(), notes: FieldMap::new(), plan: None }
    }
}

impl<F: Ord, P> Checked<F, P> {
    pub(crate) fn note(&mut self, field: F, note: impl Into<String>) {
        self.notes.entry(field).or_default().push(note.into());
    }

    /// The first error of a field stands: later checks of the same field do not replace it.
    pub(crate) fn error(&mut self, field: F, e: impl Into<String>) {
        self.errors.entry(field).or_insert(e.into());
    }
}

/// A form read from a link, with an error for every parameter that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linked<T: Fields> {
    pub form: T,
    pub errors: FieldMap<T::Field, String>,
}
