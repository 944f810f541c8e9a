//! The kind of party a name or an entity is, by FollowTheMoney schema name.

/// The kind of party a name or an entity is, following FollowTheMoney (FtM)
/// schema names.
///
/// A listed entity is one of the six party schemata ([`Schema::PARTIES`]);
/// a name being compared may also be a [`Schema::Thing`], or of
/// [`Schema::Unknown`] kind, which is compatible with everything.
///
/// ```
/// use chokepoint_model::Schema;
///
/// assert_eq!(Schema::parse("person"), Schema::Person);
/// assert_eq!(Schema::parse(""), Schema::Unknown);
/// assert_eq!(Schema::parse_party("organisation"), Some(Schema::Organization));
/// assert_eq!(Schema::parse_party("thing"), None);
/// assert_eq!(Schema::from_ftm_name("Airplane"), Some(Schema::Aircraft));
/// assert_eq!(Schema::Aircraft.as_str(), "Aircraft");
/// assert_eq!(Schema::Aircraft.ftm_name(), "Airplane");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Schema {
    /// A natural person.
    Person,
    /// A commercial company.
    Company,
    /// A non-commercial or unspecified organisation (OFAC's blank SDN type).
    Organization,
    /// Any legal person when the source does not say more (in FtM a person
    /// or an organisation; compared as an organisation).
    LegalEntity,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
    /// Any other thing (never a listed party).
    Thing,
    /// Not known: compatible with everything.
    #[default]
    Unknown,
}

impl Schema {
    /// The schemata a listed party can have.
    pub const PARTIES: [Schema; 6] = [
        Schema::Person,
        Schema::Company,
        Schema::Organization,
        Schema::LegalEntity,
        Schema::Vessel,
        Schema::Aircraft,
    ];

    /// Our name of the schema (`Person`, `Company`, ...; empty for
    /// [`Schema::Unknown`]). It is also the code a watchlist index generation
    /// stores per entity, so these texts never change.
    pub fn as_str(self) -> &'static str {
        match self {
            Schema::Person => "Person",
            Schema::Company => "Company",
            Schema::Organization => "Organization",
            Schema::LegalEntity => "LegalEntity",
            Schema::Vessel => "Vessel",
            Schema::Aircraft => "Aircraft",
            Schema::Thing => "Thing",
            Schema::Unknown => "",
        }
    }

    /// The FtM schema name: [`as_str`](Schema::as_str) except that FtM calls
    /// an aircraft `Airplane`.
    pub fn ftm_name(self) -> &'static str {
        match self {
            Schema::Aircraft => "Airplane",
            other => other.as_str(),
        }
    }

    /// Whether a listed party can have this schema.
    pub fn is_party(self) -> bool {
        Schema::PARTIES.contains(&self)
    }

    /// Whether names of this schema may be an organisation's, and so carry a
    /// legal form (an unknown schema may).
    pub fn is_organisation(self) -> bool {
        matches!(
            self,
            Schema::Company | Schema::Organization | Schema::LegalEntity | Schema::Unknown
        )
    }

    /// The party schema whose [`as_str`](Schema::as_str) code is exactly
    /// `code`; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Schema> {
        Schema::PARTIES
            .into_iter()
            .find(|schema| schema.as_str() == code)
    }

    /// The party schema of an exact FtM schema name: ours, plus `Airplane`
    /// (an aircraft) and `PublicBody` (an organisation); `None` for other
    /// FtM schemata (`Sanction`, `Ownership`, `Thing`, ...).
    pub fn from_ftm_name(name: &str) -> Option<Schema> {
        match name {
            "Airplane" => Some(Schema::Aircraft),
            "PublicBody" => Some(Schema::Organization),
            _ => Schema::from_code(name),
        }
    }

    /// Parses a party schema name typed by a user: any case, `organisation`,
    /// `legal_entity` and `entity` accepted; `None` otherwise.
    pub fn parse_party(text: &str) -> Option<Schema> {
        match text.trim().to_ascii_lowercase().as_str() {
            "person" => Some(Schema::Person),
            "company" => Some(Schema::Company),
            "organization" | "organisation" => Some(Schema::Organization),
            "legalentity" | "legal_entity" | "entity" => Some(Schema::LegalEntity),
            "vessel" => Some(Schema::Vessel),
            "aircraft" => Some(Schema::Aircraft),
            _ => None,
        }
    }

    /// Parses a schema name as [`parse_party`](Schema::parse_party) does, and
    /// `thing`; anything else is [`Schema::Unknown`].
    pub fn parse(text: &str) -> Schema {
        Schema::parse_party(text).unwrap_or_else(|| {
            if text.trim().eq_ignore_ascii_case("thing") {
                Schema::Thing
            } else {
                Schema::Unknown
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes an index generation stores: changing one would misread
    /// every generation written before.
    #[test]
    fn stored_codes_are_stable_and_read_back() {
        let codes: Vec<&str> = Schema::PARTIES.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            codes,
            [
                "Person",
                "Company",
                "Organization",
                "LegalEntity",
                "Vessel",
                "Aircraft"
            ]
        );
        for schema in Schema::PARTIES {
            assert_eq!(Schema::from_code(schema.as_str()), Some(schema));
            assert_eq!(Schema::from_ftm_name(schema.ftm_name()), Some(schema));
            assert_eq!(Schema::parse_party(schema.as_str()), Some(schema));
            assert_eq!(Schema::parse(schema.as_str()), schema);
        }
        assert_eq!(Schema::from_code("person"), None);
        assert_eq!(Schema::from_code("Thing"), None);
        assert_eq!(Schema::from_code(""), None);
    }

    #[test]
    fn parsing_is_lenient_only_where_users_type() {
        assert_eq!(
            Schema::parse_party(" LEGAL_ENTITY "),
            Some(Schema::LegalEntity)
        );
        assert_eq!(
            Schema::parse_party("Organisation"),
            Some(Schema::Organization)
        );
        assert_eq!(Schema::parse_party("thing"), None);
        assert_eq!(Schema::parse_party(""), None);
        assert_eq!(Schema::parse("Thing"), Schema::Thing);
        assert_eq!(Schema::parse("ship"), Schema::Unknown);
        assert_eq!(
            Schema::from_ftm_name("PublicBody"),
            Some(Schema::Organization)
        );
        assert_eq!(Schema::from_ftm_name("Sanction"), None);
        assert_eq!(Schema::from_ftm_name("company"), None);
    }

    #[test]
    fn parties_and_organisations() {
        assert!(Schema::PARTIES.iter().all(|s| s.is_party()));
        assert!(!Schema::Thing.is_party() && !Schema::Unknown.is_party());
        assert!(Schema::Unknown.is_organisation() && Schema::LegalEntity.is_organisation());
        assert!(!Schema::Person.is_organisation() && !Schema::Thing.is_organisation());
    }
}
