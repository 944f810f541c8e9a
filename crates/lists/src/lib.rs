//! Sanctions and export-control list loaders of Chokepoint: official files to
//! entities and relations.
//!
//! Every supported list format has one [`ListLoader`] (see [`registry`]) that
//! turns the official files into the same model: [`Entity`] (a listed party
//! with its names, identifiers, countries and birth dates) and [`Relation`]
//! (ownership, directorship, family and "linked to" edges between entity ids).
//! The name-matching index and the network graph consume only this model, so
//! they never learn a list format.
//!
//! The key design choice is that bad records do not stop a load: a record
//! without a name, a line that is not JSON or a row with the wrong column
//! count becomes a [`Reject`] carrying file, line, record id and reason, and
//! the rest of the file loads. Only a file that cannot be read (or XML that
//! cannot be parsed at all) is a [`ListError`]. A record whose only defect is
//! an unparseable date (listing date, date of birth) still loads without that
//! date, and a reject records the dropped value: losing a listed party from
//! screening over a typo in a date would be worse than the gap.
//!
//! Names keep their role ([`NameKind`]): OFAC's weak AKAs (the quoted
//! `a.k.a.` in legacy CSV remarks, `category weak` in XML), UN aliases of
//! quality Low, UK `low_quality_aka` and FtM `weakAlias` are
//! [`NameKind::WeakAlias`], so matching can weigh them down. Identifiers are
//! normalised to uppercase letters and digits and typed ([`IdentifierKind`]);
//! OFAC remarks ("Tax ID No. 7701... (Russia)", "Unified Social Credit Code
//! (USCC) ...", "IMO 1234567") are parsed into them, and generic tax or
//! registration numbers become INN, OGRN or USCC when country and shape
//! leave no doubt. OFAC "Linked To: NAME" remarks become
//! [`RelationKind::LinkedTo`] relations when exactly one entry of the same
//! list carries that name; the text stays in the remarks either way. FtM
//! ownership `percentage` values are percentages ("50" → share 0.5).
//!
//! [`load_paths`] takes files or directories, lets each loader claim the
//! files it recognises by name or by sniffing the first bytes, and loads each
//! directory's file set together (an OFAC `sdn.csv` with its `alt.csv`,
//! `add.csv` and `sdn_comments.csv`).
//!
//! ```
//! use chokepoint_lists::{NameKind, RelationKind, load_paths};
//!
//! let dir = std::env::temp_dir().join(format!("chokepoint-lists-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let file = dir.join("demo__entities.ftm.json");
//! std::fs::write(&file, concat!(
//!     r#"{"id":"p1","schema":"Person","properties":{"name":["Ivan PETROV"],"alias":["Vanya"],"nationality":["ru"]}}"#, "\n",
//!     r#"{"id":"c1","schema":"Company","properties":{"name":["ACME LLC"],"innCode":["7701234567"]}}"#, "\n",
//!     r#"{"id":"o1","schema":"Ownership","properties":{"owner":["p1"],"asset":["c1"],"percentage":["51"]}}"#, "\n",
//!     "not json\n",
//! )).unwrap();
//!
//! let loaded = load_paths(&[file]).unwrap();
//! let list = &loaded[0];
//! assert_eq!(list.list, "demo");
//! assert_eq!(list.entities.len(), 2);
//! assert_eq!(list.entities[0].names[1].kind, NameKind::Alias);
//! assert_eq!(list.entities[0].countries, vec!["RU"]);
//! assert_eq!(list.relations[0].kind, RelationKind::Ownership);
//! assert_eq!(list.relations[0].share, Some(0.51));
//! assert_eq!(list.rejects.len(), 1);
//! assert_eq!(list.rejects[0].line, Some(4));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
#![deny(missing_docs)]

mod countries;
mod dates;
mod error;
mod identifiers;
mod load;
mod loaders;
mod model;
mod remarks;
mod sources;
mod tabular;
mod text;
mod xml;

/// The kind of party an entity is; the one copy lives in `chokepoint-model`.
pub use chokepoint_model::Schema;
pub use countries::resolve as resolve_country;
pub use dates::{parse_date, parse_date_range, parse_us_date};
pub use error::ListError;
pub use identifiers::normalise_value as normalise_identifier;
pub use load::{ListLoader, LoadedList, Reject, load_paths, registry};
pub use model::{Entity, Identifier, IdentifierKind, Name, NameKind, Relation, RelationKind};
pub use sources::{OFFICIAL_SOURCES, OfficialSource};
pub use text::source_file_name;
