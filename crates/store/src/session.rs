//! A DataFusion session over the data directory's tables and the reference tables.

use std::sync::Arc;

use chokepoint_catalog::schema::TableKind;
use chokepoint_catalog::{BasketSet, HsNomenclature, baskets_batch, countries_batch, hs_batch};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;

use crate::{Store, StoreError};

/// Reference data registered beside the Delta tables.
#[derive(Debug, Clone)]
pub struct ReferenceData {
    /// Baskets (`baskets` table).
    pub baskets: BasketSet,
    /// HS nomenclature (`hs` table); empty if none was loaded.
    pub nomenclature: HsNomenclature,
}

impl Default for ReferenceData {
    fn default() -> Self {
        ReferenceData {
            baskets: BasketSet::builtin(),
            nomenclature: HsNomenclature::new(),
        }
    }
}

impl Store {
    /// A session with `flows`, `shipments`, `rejects` (empty if never written),
    /// `countries`, `hs` and `baskets` registered.
    pub async fn session(&self, reference: &ReferenceData) -> Result<SessionContext, StoreError> {
        let ctx = SessionContext::new();
        for kind in TableKind::ALL {
            match self.load(kind).await? {
                Some(table) => {
                    table
                        .update_datafusion_session(&ctx.state())
                        .map_err(Store::delta_error(kind))?;
                    let provider = table.table_provider().await?;
                    ctx.register_table(kind.name(), provider)?;
                }
                None => {
                    let empty = MemTable::try_new(kind.schema(), vec![vec![]])?;
                    ctx.register_table(kind.name(), Arc::new(empty))?;
                }
            }
        }
        for (name, batch) in [
            ("countries", countries_batch()?),
            ("hs", hs_batch(&reference.nomenclature)?),
            ("baskets", baskets_batch(&reference.baskets)?),
        ] {
            let table = MemTable::try_new(batch.schema(), vec![vec![batch]])?;
            ctx.register_table(name, Arc::new(table))?;
        }
        Ok(ctx)
    }
}
