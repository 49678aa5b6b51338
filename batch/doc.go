// Package batch runs the extraction of many report files: a bounded pool
// of slots over a stream of paths, results handed on in input order through
// a bounded reorder buffer, untrusted files read in worker processes, files
// already done skipped (resume), one shard of a list kept (sharding), and
// the counts of a run kept for its summary and progress bar. [Pool] offers
// the same slots and isolation one file at a time, for a server.
//
// # Input and order
//
// [Run] takes the paths from an [Inputs] function, so a directory walk, a
// list file or standard input feed it alike, and it never holds the list:
// memory depends on the number of slots, not on the number of files. Each
// result reaches the emit function in input order; at most [Options.Window]
// results wait for the ones before them. A file that hangs holds the
// results after it for at most its deadline.
//
// # Isolation
//
// With [Options.Worker] set, each slot owns one long-lived worker process
// (the nianbao binary re-executing itself with its hidden worker command)
// that speaks JSON lines: one request {"path": …} on its standard input,
// one response {"report": …, "cells": …} on its standard output. The parent
// gives every file a deadline ([Options.Timeout] plus a short grace) and,
// on Linux, polls the worker's resident memory (from /proc, so memory held
// by C++ code such as the jieba dictionary counts too) against
// [Options.MemoryLimit]. A worker that misses the deadline or passes the
// limit is killed; one whose output ends without a response has crashed.
// Either way the file gets an unreadable record whose cause is
// [CauseTimeout], [CauseMemory] or [CauseCrash] (a worker killed at its
// deadline while holding three quarters of the memory limit or more counts
// as memory: its garbage collector was thrashing), the next file starts a
// fresh worker, and the run goes on. A worker is also replaced after
// [Options.RecycleAfter] files, to bound leaks. [Serve] is the worker side.
//
// Without a worker, files are read in-process: faster, but a crash of a
// reader ends the run and a reader that ignores its deadline is abandoned
// (its goroutine keeps running); use it for trusted input only.
//
// # Causes
//
// Every unreadable record has a [Cause]. The causes an extraction error
// can say are the words of [extract.Reason], classified by
// [extract.ReasonOf] ([CauseOf]; in a worker, before its answer crosses
// the pipe), so datasets, summaries and the server's reason header share
// one vocabulary; isolation adds crash and memory. The records batch makes
// itself read like the extractor's — the message is 无法读取文件（the
// cause in Chinese, [Cause.Describe]）：the detail — and have the cause's
// word as the finding's text.
//
// # Identity, resume and duplicates
//
// A file is identified by its content: the key of a document is its
// SHA-256 (see [Key]); a file that cannot be opened is keyed by its path.
// Each slot hashes its file before reading it. A key for which
// [Options.Done] reports true (already in the output) is skipped
// ([SkipDone]). Within one run, a file with the same content as an earlier
// input is not written again ([SkipDuplicate]): the earliest input in input
// order keeps the record, whatever order the slots finish in, so a run and
// a killed-then-resumed run produce the same set of records. With
// [Options.ReadDuplicates] such a file is read all the same, for outputs
// that keep a record per input, and its result names the earlier input.
// The set of
// keys seen costs about 150 bytes per distinct file.
//
// # Sharding
//
// [Shard] K/N keeps the inputs whose path hashes (FNV-1a, 64 bit) to K, so
// N machines given the same list each take a stable, disjoint part.
package batch
