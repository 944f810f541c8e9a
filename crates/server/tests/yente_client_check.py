"""Calls a Chokepoint server with the real `yente-client` package, so that the
client's own pydantic models validate our responses. Prints a JSON summary
for `tests/yente.rs` to check.

Usage: python yente_client_check.py http://127.0.0.1:PORT
"""

import json
import sys

from yente_client import BEST_ALGORITHM, Client, Company, NotFoundError


def main() -> None:
    base_url = sys.argv[1]
    summary: dict = {}
    with Client(base_url=base_url, app_name="chokepoint-test") as client:
        algorithms = client.algorithms()
        summary["algorithms"] = [algorithm.name for algorithm in algorithms.algorithms]
        summary["best"] = algorithms.best

        catalog = client.datasets()
        summary["datasets"] = sorted(dataset.name for dataset in catalog.datasets)

        query = Company(
            name="Hangzhou Hikvision Digital Technology",
            country="cn",
        )
        matched = client.match(query, algorithm=BEST_ALGORITHM, limit=3)
        top = matched.top
        summary["match"] = {
            "top_id": top.id if top else None,
            "top_score": top.score if top else None,
            "top_match": top.match if top else None,
            "n_results": len(matched.results),
            "total": matched.total.value,
            "limit": matched.limit,
            "contributing": sorted(top.contributing_explanations) if top else [],
            "query_schema": matched.query.get("schema"),
        }

        by_number = client.match(
            Company(registrationNumber="91330000733796106P"),
            datasets=["ofac-cons"],
        )
        summary["identifier_top_id"] = by_number.top.id if by_number.top else None

        found = client.search("hikvision", datasets=["ofac-cons"], limit=5)
        summary["search"] = {
            "ids": [entity.id for entity in found.results],
            "total": found.total.value,
            "relation": found.total.relation,
        }

        entity = client.fetch(summary["match"]["top_id"] or "missing")
        summary["entity"] = {
            "id": entity.id,
            "caption": entity.caption,
            "schema": entity.schema_,
            "datasets": entity.datasets,
            "names": [value for value in entity.properties.get("name", []) if isinstance(value, str)],
            "nested_sanctions": sum(
                1 for value in entity.properties.get("sanctions", []) if not isinstance(value, str)
            ),
        }

        try:
            client.fetch("no-such-entity")
            summary["missing_entity"] = "found"
        except NotFoundError as error:
            summary["missing_entity"] = error.status_code
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
