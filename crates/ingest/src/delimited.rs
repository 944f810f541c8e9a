//! Reading a delimited file with several parsing threads.
//!
//! The calling thread splits the file into records (the csv crate's state
//! machine, cheap) and hands chunks of them to parsing threads, each with its
//! own bound `RowParser` and builders; finished batches come back through a
//! bounded channel and the calling thread passes them to the sink. Channels
//! are bounded, so memory stays bounded whatever the file size. Rows keep
//! their source line; batches may interleave lines of different chunks.

use std::io::Read;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arrow::array::RecordBatch;
use chokepoint_catalog::schema::TableKind;
use csv::ByteRecord;

use crate::fields::Row;
use crate::format::{ParsedRow, RowParser};
use crate::reader::{BatchSink, DriverState, csv_error};
use crate::{IngestError, RowError};

/// Records per chunk handed to a parsing thread.
const CHUNK_RECORDS: usize = 4096;

type Batch = (TableKind, RecordBatch);

/// Reads every record after the header; one parsing thread per parser.
pub(crate) fn read_delimited<R: Read>(
    reader: &mut csv::Reader<R>,
    delimiter: u8,
    header: &ByteRecord,
    parsers: Vec<Box<dyn RowParser>>,
    state: &mut DriverState<'_>,
    sink: &mut BatchSink<'_>,
) -> Result<(), IngestError> {
    let n_threads = parsers.len();
    let (work_sender, work_receiver) = mpsc::sync_channel::<Vec<ByteRecord>>(n_threads * 2);
    let work_receiver = Arc::new(Mutex::new(work_receiver));
    let (batch_sender, batch_receiver) = mpsc::sync_channel::<Batch>(n_threads * 2);
    let (recycle_sender, recycle_receiver) = mpsc::channel::<Vec<ByteRecord>>();

    std::thread::scope(|scope| {
        let workers: Vec<_> = parsers
            .into_iter()
            .map(|parser| {
                let mut worker_state = state.fork();
                let work = Arc::clone(&work_receiver);
                let batches = batch_sender.clone();
                let recycle = recycle_sender.clone();
                scope.spawn(move || {
                    parse_chunks(
                        parser,
                        &mut worker_state,
                        header,
                        delimiter,
                        &work,
                        &batches,
                        &recycle,
                    )
                    .map(|()| (worker_state.n_rows, worker_state.n_rejected))
                })
            })
            .collect();
        drop(batch_sender);
        drop(recycle_sender);

        let mut sink_error = None;
        let split = split_records(
            reader,
            state,
            &work_sender,
            &batch_receiver,
            &recycle_receiver,
            sink,
            &mut sink_error,
        );
        // No more work: parsing threads finish their chunks and flush.
        drop(work_sender);
        for (kind, batch) in batch_receiver.iter() {
            // After a read error the batches are drained and dropped: nothing of the file may land.
            if split.is_ok() {
                forward(sink, &mut sink_error, kind, batch);
            }
        }
        let mut worker_error = None;
        for worker in workers {
            match worker.join() {
                Ok(Ok((n_rows, n_rejected))) => {
                    state.n_rows += n_rows;
                    state.n_rejected += n_rejected;
                }
                Ok(Err(error)) => worker_error = Some(error),
                // A panic in a parser is a bug; surface it rather than lose rows silently.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        split?;
        if let Some(source) = sink_error {
            return Err(IngestError::Sink {
                path: state.path.to_path_buf(),
                source,
            });
        }
        worker_error.map_or(Ok(()), Err)
    })
}

/// The calling thread: cuts records into chunks and forwards finished batches.
#[allow(clippy::too_many_arguments)]
fn split_records<R: Read>(
    reader: &mut csv::Reader<R>,
    state: &DriverState<'_>,
    work: &SyncSender<Vec<ByteRecord>>,
    batches: &Receiver<Batch>,
    recycled: &Receiver<Vec<ByteRecord>>,
    sink: &mut BatchSink<'_>,
    sink_error: &mut Option<Box<dyn std::error::Error + Send + Sync>>,
) -> Result<(), IngestError> {
    loop {
        let mut chunk = recycled.try_recv().unwrap_or_default();
        chunk.resize_with(CHUNK_RECORDS, ByteRecord::new);
        let mut n_filled = 0;
        while n_filled < CHUNK_RECORDS {
            if !reader
                .read_byte_record(&mut chunk[n_filled])
                .map_err(|e| csv_error(state.path, e))?
            {
                break;
            }
            n_filled += 1;
        }
        let at_end = n_filled < CHUNK_RECORDS;
        chunk.truncate(n_filled);
        if n_filled > 0 {
            // Send without blocking forever: while the parsing threads are busy,
            // keep draining their batches so neither side waits on the other.
            let mut pending = chunk;
            loop {
                match work.try_send(pending) {
                    Ok(()) => break,
                    Err(TrySendError::Full(back)) => pending = back,
                    Err(TrySendError::Disconnected(_)) => return Ok(()),
                }
                match batches.recv_timeout(Duration::from_millis(1)) {
                    Ok((kind, batch)) => forward(sink, sink_error, kind, batch),
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
                }
            }
        }
        while let Ok((kind, batch)) = batches.try_recv() {
            forward(sink, sink_error, kind, batch);
        }
        if sink_error.is_some() || at_end {
            return Ok(());
        }
    }
}

fn forward(
    sink: &mut BatchSink<'_>,
    sink_error: &mut Option<Box<dyn std::error::Error + Send + Sync>>,
    kind: TableKind,
    batch: RecordBatch,
) {
    if sink_error.is_none()
        && let Err(error) = sink(kind, batch)
    {
        *sink_error = Some(error);
    }
}

/// A parsing thread: parses chunks until the work channel closes.
fn parse_chunks(
    mut parser: Box<dyn RowParser>,
    state: &mut DriverState<'_>,
    header: &ByteRecord,
    delimiter: u8,
    work: &Mutex<Receiver<Vec<ByteRecord>>>,
    batches: &SyncSender<Batch>,
    recycle: &mpsc::Sender<Vec<ByteRecord>>,
) -> Result<(), IngestError> {
    let mut send = |kind: TableKind,
                    batch: RecordBatch|
     -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        batches
            .send((kind, batch))
            .map_err(|_| "the reader stopped".into())
    };
    loop {
        // Proven invariant: the lock is only held for recv and never poisoned by a panic inside it.
        let next = work.lock().expect("work queue lock").recv();
        let Ok(chunk) = next else { break };
        for record in &chunk {
            let line = record.position().map_or(0, |p| p.line());
            match parse_record(record, header, parser.as_mut()) {
                Ok(parsed) => state.accept(parsed, line),
                Err(error) => state.reject(line, &error, &raw_text(record, delimiter)),
            }
            if state.is_full() {
                state.flush(&mut send, false)?;
            }
        }
        // The reader may have stopped; a lost recycled buffer only costs an allocation.
        let _ = recycle.send(chunk);
    }
    state.flush(&mut send, true)
}

fn parse_record<'a>(
    record: &'a ByteRecord,
    header: &ByteRecord,
    parser: &mut dyn RowParser,
) -> Result<ParsedRow<'a>, RowError> {
    if record.len() != header.len() {
        return Err(RowError::row(format!(
            "expected {} fields, found {}",
            header.len(),
            record.len()
        )));
    }
    let mut fields = Vec::with_capacity(record.len());
    for (index, bytes) in record.iter().enumerate() {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let column =
                String::from_utf8_lossy(header.get(index).unwrap_or_default()).into_owned();
            RowError::field(
                &column,
                format!("invalid UTF-8 at byte {} of the field", e.valid_up_to()),
            )
        })?;
        fields.push(text);
    }
    parser.parse(&Row::new(fields))
}

fn raw_text(record: &ByteRecord, delimiter: u8) -> String {
    let joined: Vec<u8> = record.iter().collect::<Vec<_>>().join(&delimiter);
    String::from_utf8_lossy(&joined).into_owned()
}
