//! A user relations file with one malformed row: the row is rejected with its
//! line and reason, the rest loads into the graph.

use chokepoint_network::{Graph, Listing, owners};

#[test]
fn malformed_row_is_rejected_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my_relations.csv");
    std::fs::write(
        &path,
        "parent,subsidiary,share,source\n\
         ofac-sdn-1,holding,0.6,egrul extract 2024-03\n\
         holding,factory,90%,egrul extract 2024-03\n\
         ofac-sdn-1,factory,sixty,typo\n\
         other,factory,10,court filing\n",
    )
    .unwrap();
    let mut graph = Graph::new();
    graph.add_listing(
        "ofac-sdn-1",
        Listing {
            list: "ofac-sdn".into(),
            programs: vec!["RUSSIA-EO14024".into()],
        },
    );
    let rejects = graph.read_relations_csv(&path).unwrap();

    assert_eq!(rejects.len(), 1);
    let reject = &rejects[0];
    assert_eq!(reject.file, path);
    assert_eq!(reject.line, 4);
    assert_eq!(reject.field, Some("share"));
    assert!(reject.reason.contains("not a number"), "{}", reject.reason);

    // Three rows loaded, each citing its source and line.
    assert_eq!(graph.edges().len(), 3);
    assert!(
        graph.edges()[0]
            .evidence
            .starts_with("egrul extract 2024-03 at ")
    );
    assert!(graph.edges()[0].evidence.ends_with("my_relations.csv:2"));
    assert!(graph.edges()[2].evidence.ends_with("my_relations.csv:5"));
    // "0.6", "90%" and "10" read as 60 %, 90 % and 10 %.
    let report = owners(&graph, "factory").unwrap();
    assert!((report.total_listed_share - 0.54).abs() < 1e-12);
    assert!(report.fifty_percent_rule);
}
