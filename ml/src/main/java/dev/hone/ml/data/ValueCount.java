package dev.hone.ml.data;

/** How often a value occurs in a column. */
public record ValueCount(String value, long count) {}
