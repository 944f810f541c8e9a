//! Deliberately malformed files: bad records become rejects with reasons,
//! good records still load; only unreadable files are errors.

use std::path::{Path, PathBuf};

use chokepoint_lists::{ListError, LoadedList, Reject, load_paths, registry};

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn load_one(paths: &[PathBuf]) -> LoadedList {
    let mut loaded = load_paths(paths).unwrap();
    assert_eq!(loaded.len(), 1);
    loaded.remove(0)
}

/// The reject at this line, with a reason containing `reason`.
fn check(rejects: &[Reject], file: &str, line: Option<u64>, record_id: Option<&str>, reason: &str) {
    let found = rejects
        .iter()
        .find(|r| r.file.ends_with(file) && r.line == line && r.reason.contains(reason));
    let reject =
        found.unwrap_or_else(|| panic!("no reject {file}:{line:?} {reason:?} in {rejects:#?}"));
    assert_eq!(reject.record_id.as_deref(), record_id, "{reject:?}");
}

#[test]
fn ofac_csv_rows_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    // cp1252 bytes: "é" is 0xE9; the files are not UTF-8.
    let mut sdn = b"1,\"GOOD CO\\xe9 LTD\",-0- ,\"SDGT] [IRGC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Tax ID No. 7701234567 (Russia); Linked To: GOOD PERSON.\"\r\n".to_vec();
    sdn = String::from_utf8_lossy(&sdn)
        .replace("\\xe9", "\u{0}")
        .into_bytes();
    let position = sdn.iter().position(|&b| b == 0).unwrap();
    sdn[position] = 0xE9;
    sdn.extend_from_slice(b"2,\"SHORT ROW\",-0- ,\"SDGT\"\r\n");
    sdn.extend_from_slice(b"3,-0- ,-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n");
    sdn.extend_from_slice(
        b"x4,\"BAD ID\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
    );
    sdn.extend_from_slice(b"5,\"GOOD PERSON\",individual,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 31 Feb 1950; nationality Iran.\"\r\n");
    sdn.extend_from_slice(
        b"6,\"ODD TYPE\",spaceship,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a",
    );
    std::fs::write(dir.path().join("sdn.csv"), sdn).unwrap();
    write(
        dir.path(),
        "alt.csv",
        "1,10,\"aka\",\"GOOD\",-0- \r\n99,11,\"aka\",\"ORPHAN\",-0- \r\n5,12,\"aka\"\r\n5,13,\"fka\",-0- ,-0- \r\n",
    );
    write(
        dir.path(),
        "add.csv",
        "1,20,\"1 Road\",\"Moscow\",\"Russia\",-0- \r\n",
    );

    let list = load_one(&[dir.path().to_path_buf()]);
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["ofac-sdn-1", "ofac-sdn-5"]);
    let good = &list.entities[0];
    assert_eq!(good.primary_name(), Some("GOOD COé LTD"));
    assert_eq!(good.programs, vec!["SDGT", "IRGC"]);
    assert_eq!(good.countries, vec!["RU"]);
    assert_eq!(list.relations.len(), 1);
    assert_eq!(
        (
            list.relations[0].from.as_str(),
            list.relations[0].to.as_str()
        ),
        ("ofac-sdn-1", "ofac-sdn-5")
    );
    // An impossible date of birth is not stored.
    assert!(list.entities[1].birth_dates.is_empty());

    let rejects = &list.rejects;
    check(
        rejects,
        "sdn.csv",
        Some(2),
        Some("2"),
        "expected 12 columns, found 4",
    );
    check(rejects, "sdn.csv", Some(3), Some("3"), "record has no name");
    check(
        rejects,
        "sdn.csv",
        Some(4),
        None,
        "ent_num \"x4\" is not a number",
    );
    check(
        rejects,
        "sdn.csv",
        Some(6),
        Some("6"),
        "unknown sdn type \"spaceship\"",
    );
    check(
        rejects,
        "alt.csv",
        Some(2),
        Some("99"),
        "no sdn.csv record for ent_num",
    );
    check(
        rejects,
        "alt.csv",
        Some(3),
        Some("5"),
        "expected 5 columns, found 3",
    );
    check(rejects, "alt.csv", Some(4), Some("13"), "alias has no name");
    assert_eq!(rejects.len(), 7);
    assert!(rejects.iter().all(|r| r.list == "ofac-sdn"));
}

#[test]
fn ftm_lines_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "bad__entities.ftm.json",
        concat!(
            r#"{"id":"c1","schema":"Company","properties":{"name":["GOOD LLC"],"ogrnCode":["1027700000000"],"jurisdiction":["ru"]}}"#,
            "\n",
            "{not json\n",
            r#"{"schema":"Person","properties":{"name":["NO ID"]}}"#,
            "\n",
            r#"{"id":"p0","properties":{"name":["NO SCHEMA"]}}"#,
            "\n",
            r#"{"id":"p1","schema":"Person","properties":{"birthDate":["1970"]}}"#,
            "\n",
            "\n",
            r#"{"id":"o1","schema":"Ownership","properties":{"owner":["c1"]}}"#,
            "\n",
            r#"{"id":"p2","schema":"Person","properties":{"firstName":["Ivan"],"lastName":["PETROV"]}}"#,
            "\n",
            r#"{"id":"o2","schema":"Ownership","properties":{"owner":["p2"],"asset":["c1"],"percentage":["abc"]}}"#,
            "\n",
            r#"[1,2]"#,
            "\n",
        ),
    );
    let list = load_one(&[path]);
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["c1", "p2"]);
    assert_eq!(
        list.entities[1].primary_name(),
        Some("Ivan PETROV"),
        "name built from parts"
    );
    assert_eq!(list.relations.len(), 1);
    assert_eq!(
        list.relations[0].share, None,
        "unparseable percentage leaves the share empty"
    );
    let rejects = &list.rejects;
    check(
        rejects,
        "bad__entities.ftm.json",
        Some(2),
        None,
        "invalid json",
    );
    check(
        rejects,
        "bad__entities.ftm.json",
        Some(3),
        None,
        "entity has no id",
    );
    check(
        rejects,
        "bad__entities.ftm.json",
        Some(4),
        Some("p0"),
        "entity has no schema",
    );
    check(
        rejects,
        "bad__entities.ftm.json",
        Some(5),
        Some("p1"),
        "record has no name",
    );
    check(
        rejects,
        "bad__entities.ftm.json",
        Some(7),
        Some("o1"),
        "Ownership has no asset",
    );
    check(
        rejects,
        "bad__entities.ftm.json",
        Some(10),
        None,
        "line is not a json object",
    );
    assert_eq!(rejects.len(), 6);
}

#[test]
fn uk_derived_rows_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "subjects.csv",
        "unique_id,subject_type,un_reference_number,ofsi_group_id,date_designated,last_updated\nRUS0001,entity,,1,13/06/2024,\nRUS0002,alien,,2,13/06/2024,\nRUS0003,individual,,3,31/02/2024,\nRUS0004,entity,,4,,\n",
    );
    write(
        dir.path(),
        "subject_names.csv",
        "name_id,unique_id,name_type,alias_strength,full_name,name_6,name_1,name_2,name_3,name_4,name_5\n1,RUS0001,primary,,ACME,ACME,,,,,\n2,RUS0001,alias,low_quality_aka,AC,AC,,,,,\n3,RUS9999,primary,,GHOST,GHOST,,,,,\n4,RUS0003,primary,,JOHN DOE,,JOHN,,,,\n5,RUS0003,alias\n",
    );
    write(
        dir.path(),
        "subject_dobs.csv",
        "dob_id,unique_id,year,month,day,precision,parse_issues\n1,RUS0003,1970,13,01,exact,\n2,RUS0003,1970,,,year_only,\n",
    );
    let list = load_one(&[dir.path().to_path_buf()]);
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["uk-RUS0001", "uk-RUS0003"]);
    assert_eq!(list.entities[0].names.len(), 2);
    assert_eq!(list.entities[1].birth_dates, vec!["1970"]);
    assert_eq!(list.entities[1].listed_on, None);
    let rejects = &list.rejects;
    check(
        rejects,
        "subjects.csv",
        Some(3),
        Some("RUS0002"),
        "unknown subject_type",
    );
    check(
        rejects,
        "subjects.csv",
        Some(4),
        Some("RUS0003"),
        "unparseable date_designated",
    );
    check(
        rejects,
        "subjects.csv",
        Some(5),
        Some("uk-RUS0004"),
        "record has no name",
    );
    check(
        rejects,
        "subject_names.csv",
        Some(4),
        Some("RUS9999"),
        "no subject with unique_id",
    );
    check(
        rejects,
        "subject_names.csv",
        Some(6),
        Some("RUS0003"),
        "expected 11 columns, found 3",
    );
    check(
        rejects,
        "subject_dobs.csv",
        Some(2),
        Some("RUS0003"),
        "unparseable date of birth \"1970-13-01\"",
    );
    assert_eq!(rejects.len(), 6);
}

#[test]
fn bis_dpl_rows_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let header = "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n";
    let good = "\"JOHN DOE\"\t\"1 MAIN ST\"\t\"MIAMI\"\t\"FL\"\t\"US\"\t\"33101\"\t\"01/02/2020\"\t\"01/02/2030\"\t\"Y\"\t\"2020-01-03\"\t\"ADDED\"\t\"85 F.R. 1\"\n";
    let bad_date = "\"JANE ROE\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"13/45/2020\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\n";
    let no_name =
        "\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"01/02/2020\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\n";
    let short = "\"SHORT\"\t\"X\"\n";
    let path = write(
        dir.path(),
        "dpl.txt",
        &format!("{header}{good}{bad_date}{no_name}{short}"),
    );
    let list = load_one(&[path]);
    assert_eq!(list.entities.len(), 1);
    assert_eq!(list.entities[0].countries, vec!["US"]);
    check(
        &list.rejects,
        "dpl.txt",
        Some(3),
        Some("JANE ROE"),
        "unparseable effective_date",
    );
    check(
        &list.rejects,
        "dpl.txt",
        Some(4),
        None,
        "record has no name",
    );
    check(
        &list.rejects,
        "dpl.txt",
        Some(5),
        None,
        "expected 12 columns, found 2",
    );
}

#[test]
fn xml_records_and_broken_documents() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "un.xml",
        "<CONSOLIDATED_LIST dateGenerated=\"x\"><INDIVIDUALS>\n<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>JOHN</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>\
         <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1970-02-31</DATE></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>\n\
         <INDIVIDUAL><DATAID>2</DATAID><REFERENCE_NUMBER>QDi.2</REFERENCE_NUMBER></INDIVIDUAL>\n</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>",
    );
    let list = load_one(&[good]);
    assert_eq!(list.entities.len(), 1);
    check(
        &list.rejects,
        "un.xml",
        Some(2),
        Some("QDi.1"),
        "unparseable date of birth \"1970-02-31\"",
    );
    check(
        &list.rejects,
        "un.xml",
        Some(3),
        Some("un-QDi.2"),
        "record has no name",
    );

    let truncated = write(
        dir.path(),
        "cut.xml",
        "<CONSOLIDATED_LIST>\n<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>",
    );
    match load_paths(&[truncated]) {
        Err(ListError::Malformed { path, reason, .. }) => {
            assert!(path.ends_with("cut.xml"));
            assert!(
                reason.contains("unclosed") || reason.contains("xml"),
                "{reason}"
            );
        }
        other => panic!("expected a malformed error, got {other:?}"),
    }
}

#[test]
fn unrecognised_missing_and_incomplete_inputs_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let notes = write(dir.path(), "notes.txt", "hello");
    match load_paths(std::slice::from_ref(&notes)) {
        Err(error @ ListError::Unrecognised { .. }) => {
            assert!(error.to_string().contains("notes.txt"), "{error}")
        }
        other => panic!("expected unrecognised, got {other:?}"),
    }
    match load_paths(&[dir.path().join("absent.csv")]) {
        Err(error @ ListError::Io { .. }) => assert!(error.to_string().contains("absent.csv")),
        other => panic!("expected io error, got {other:?}"),
    }
    let names = write(dir.path(), "subject_names.csv", "name_id,unique_id\n");
    assert!(matches!(
        load_paths(&[names]),
        Err(ListError::MissingFile {
            missing: "subjects.csv",
            ..
        })
    ));
    // A loader handed a file it does not read says so instead of guessing.
    let un = registry().into_iter().find(|l| l.id() == "un-sc").unwrap();
    assert!(matches!(
        un.load(&[notes]),
        Err(ListError::WrongLoader {
            loader: "un-sc",
            ..
        })
    ));
}
