package dev.hone.ml.preprocess;

import dev.hone.ml.data.DataTable;

/** Disjoint train, validation and test tables that together hold every input row. */
public record DataSplit(DataTable train, DataTable validation, DataTable test) {}
