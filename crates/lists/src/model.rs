//! The entity model every loader produces.

use chokepoint_model::Schema;

/// How a name relates to the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// The name the list files the entity under.
    Primary,
    /// A good-quality alias (OFAC alt.csv "aka", UN quality Good, UK good_quality_aka).
    Alias,
    /// A low-quality alias: OFAC "weak" a.k.a. (in the legacy CSV they sit in the
    /// remarks), UN quality Low, UK low_quality_aka, FtM `weakAlias`.
    WeakAlias,
    /// A former name ("fka", FtM `previousName`).
    Former,
    /// The name in its original (non-Latin) script.
    OriginalScript,
}

/// One name of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name {
    /// The name as written in the source, whitespace collapsed.
    pub value: String,
    /// Its role.
    pub kind: NameKind,
}

/// What an identifier number is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IdentifierKind {
    /// Russian taxpayer number (ИНН), 10 or 12 digits.
    Inn,
    /// Russian state registration number (ОГРН), 13 or 15 digits.
    Ogrn,
    /// Chinese unified social credit code, 18 characters.
    Uscc,
    /// Legal Entity Identifier, 20 characters.
    Lei,
    /// IMO ship or company number, 7 digits.
    Imo,
    /// A company register number not covered by a more specific kind.
    Registration,
    /// A tax number not covered by a more specific kind.
    Tax,
    /// A passport number.
    Passport,
    /// A national identity number.
    NationalId,
    /// SWIFT / BIC code.
    Swift,
    /// ISIN securities code.
    Isin,
    /// Anything else, labelled as in the source (e.g. "MMSI", "KPP", "BIK").
    Other(String),
}

/// One identifier of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identifier {
    /// Its kind.
    pub kind: IdentifierKind,
    /// Normalised: uppercase letters and digits only.
    pub value: String,
    /// ISO alpha-2 of the issuing country when given and resolvable.
    pub country: Option<String>,
}

/// One listed party.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Stable, list-prefixed id ("ofac-sdn-46633", "un-QDi.123", "uk-RUS2137", an FtM id as given).
    pub id: String,
    /// Party kind.
    pub schema: Schema,
    /// All names; loaders guarantee at least one [`NameKind::Primary`].
    pub names: Vec<Name>,
    /// ISO 3166 alpha-2 codes of nationality, citizenship, address,
    /// jurisdiction and (vessels) flag countries, deduplicated; unresolvable
    /// text stays in `addresses` or `remarks`.
    pub countries: Vec<String>,
    /// Addresses as one line each.
    pub addresses: Vec<String>,
    /// Identifiers, deduplicated.
    pub identifiers: Vec<Identifier>,
    /// ISO dates as precise as the source: "1952", "1952-10" or "1952-10-07".
    pub birth_dates: Vec<String>,
    /// Sanctions programmes or regimes.
    pub programs: Vec<String>,
    /// The list id ("ofac-sdn", "un-sc", ... or an FtM dataset).
    pub list: String,
    /// Date of listing (ISO), when the source gives one.
    pub listed_on: Option<String>,
    /// Free text from the source, kept whole for explanations.
    pub remarks: Option<String>,
    /// The record id in the source file plus `file:line`.
    pub source_record: String,
}

impl Entity {
    /// An entity with no names or attributes yet.
    pub fn new(
        id: impl Into<String>,
        schema: Schema,
        list: impl Into<String>,
        source_record: impl Into<String>,
    ) -> Self {
        Entity {
            id: id.into(),
            schema,
            names: Vec::new(),
            countries: Vec::new(),
            addresses: Vec::new(),
            identifiers: Vec::new(),
            birth_dates: Vec::new(),
            programs: Vec::new(),
            list: list.into(),
            listed_on: None,
            remarks: None,
            source_record: source_record.into(),
        }
    }

    /// The first primary name (loaders guarantee one exists).
    pub fn primary_name(&self) -> Option<&str> {
        self.names
            .iter()
            .find(|name| name.kind == NameKind::Primary)
            .map(|name| name.value.as_str())
    }

    /// Adds a name unless blank or already present with the same kind.
    pub fn add_name(&mut self, value: &str, kind: NameKind) {
        let value = crate::text::collapse_whitespace(value);
        if value.is_empty()
            || self
                .names
                .iter()
                .any(|name| name.kind == kind && name.value == value)
        {
            return;
        }
        self.names.push(Name { value, kind });
    }

    /// Adds an ISO alpha-2 code unless already present.
    pub fn add_country(&mut self, alpha2: &str) {
        if !alpha2.is_empty() && !self.countries.iter().any(|c| c == alpha2) {
            self.countries.push(alpha2.to_string());
        }
    }

    /// Resolves country text and adds it; returns whether it resolved.
    pub fn add_country_text(&mut self, text: &str) -> bool {
        match crate::countries::resolve(text) {
            Some(code) => {
                self.add_country(code);
                true
            }
            None => false,
        }
    }

    /// Adds an address line unless blank or already present.
    pub fn add_address(&mut self, text: &str) {
        let text = crate::text::collapse_whitespace(text);
        if !text.is_empty() && !self.addresses.contains(&text) {
            self.addresses.push(text);
        }
    }

    /// Adds an identifier unless its value is empty or it is already present.
    pub fn add_identifier(&mut self, identifier: Identifier) {
        if identifier.value.is_empty() {
            return;
        }
        let same =
            |other: &Identifier| other.kind == identifier.kind && other.value == identifier.value;
        if let Some(existing) = self.identifiers.iter_mut().find(|other| same(other)) {
            // Keep the first but fill a missing country from a later duplicate.
            if existing.country.is_none() {
                existing.country = identifier.country;
            }
            return;
        }
        self.identifiers.push(identifier);
    }

    /// Adds an ISO birth date unless already present.
    pub fn add_birth_date(&mut self, iso: &str) {
        if !iso.is_empty() && !self.birth_dates.iter().any(|d| d == iso) {
            self.birth_dates.push(iso.to_string());
        }
    }

    /// Adds a programme unless blank or already present.
    pub fn add_program(&mut self, program: &str) {
        let program = program.trim();
        if !program.is_empty() && !self.programs.iter().any(|p| p == program) {
            self.programs.push(program.to_string());
        }
    }

    /// Appends a remark paragraph.
    pub fn add_remark(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        match &mut self.remarks {
            Some(existing) if existing.contains(text) => {}
            Some(existing) => {
                existing.push_str("; ");
                existing.push_str(text);
            }
            None => self.remarks = Some(text.to_string()),
        }
    }
}

/// The kind of a link between two entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationKind {
    /// `from` owns (part of) `to`.
    Ownership,
    /// `from` directs or leads `to`.
    Directorship,
    /// `from` and `to` are relatives.
    Family,
    /// `from` and `to` are associates.
    Associate,
    /// The list links `from` to `to` without saying how (OFAC "Linked To").
    LinkedTo,
}

/// A link between two entity ids of the same load.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Its kind.
    pub kind: RelationKind,
    /// Owner, director or person.
    pub from: String,
    /// Asset, organisation or relative.
    pub to: String,
    /// Ownership share in `0.0..=1.0`, when the source gives one.
    pub share: Option<f64>,
    /// The source record: relation id or remark, plus `file:line`.
    pub source: String,
}
