// Ranking functions of our own for SQLite's full-text indexes.
#pragma once

struct sqlite3;

namespace escalated::store {

// Registers `tf_rank(table, weight...)` on the connection: BM25's term
// frequency and length parts, per column, times the column's weight, summed
// over the query's phrases; higher is better (bm25() is lower-is-better).
// What it leaves out is BM25's inverse document frequency: FTS5 counts the
// articles holding each phrase by reading that phrase's whole list of
// entries (and for a prefix, first merging the lists of every word it
// begins) - most of a search's time at 100k articles. When every phrase
// must match, every candidate holds all of them and the weights it would
// give them change the order little; a search for any of several words
// keeps bm25(). Throws DatabaseError when FTS5 is missing.
void register_fts_rank(sqlite3* db);

}  // namespace escalated::store
