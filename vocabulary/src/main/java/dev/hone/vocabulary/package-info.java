/**
 * The enumerated names every layer shares, each defined once with its description: workflow
 * payloads carry them, {@code ml} computes with them, the API publishes them as GraphQL enums (the
 * descriptions come from the {@code @Description} on each constant), and stored names are read in
 * any case.
 */
package dev.hone.vocabulary;
