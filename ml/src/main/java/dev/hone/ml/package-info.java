package dev.hone.ml;
