# Writes QualityBenchmark's public data sets as CSV files into the folder given as the first argument.
# Sources: Debian's r-cran-mass, r-cran-kernlab and r-cran-modeldata (see QualityBenchmark for targets).
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
save <- function(df, name) {
  write.csv(df, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "")
}
suppressPackageStartupMessages({
  library(MASS)
  library(kernlab)
  library(modeldata)
})
# Classification
save(rbind(Pima.tr, Pima.te), "pima")
save(fgl, "glass")
save(crabs[, c("sp", "sex", "FL", "RW", "CL", "CW", "BD")], "crabs")
data(spam, package = "kernlab"); save(spam, "spam")
data(penguins, package = "modeldata"); save(as.data.frame(penguins), "penguins")
data(attrition, package = "modeldata"); save(attrition, "attrition")
data(hpc_data, package = "modeldata"); save(as.data.frame(hpc_data), "hpc")
data(credit_data, package = "modeldata"); save(credit_data, "credit")
# Regression
save(Boston, "boston")
save(cpus[, c("syct", "mmin", "mmax", "cach", "chmin", "chmax", "perf")], "cpus")
data(concrete, package = "modeldata"); save(as.data.frame(concrete), "concrete")
data(ames, package = "modeldata"); save(as.data.frame(ames), "ames")
# Confirmation sets: never used to choose a default, only to check on unseen data what the sets above chose
data(mlc_churn, package = "modeldata"); save(as.data.frame(mlc_churn), "churn")
data(cells, package = "modeldata"); save(as.data.frame(cells)[, names(cells) != "case"], "cells")
data(ad_data, package = "modeldata"); save(as.data.frame(ad_data), "alzheimer")
data(two_class_dat, package = "modeldata"); save(as.data.frame(two_class_dat), "twoclass")
data(parabolic, package = "modeldata"); save(as.data.frame(parabolic), "parabolic")
data(scat, package = "modeldata"); save(as.data.frame(scat), "scat")
data(musk, package = "kernlab"); save(musk, "musk")
save(birthwt[, names(birthwt) != "bwt"], "birthwt")
data(biomass, package = "modeldata"); save(as.data.frame(biomass)[, c("carbon", "hydrogen", "oxygen", "nitrogen",
  "sulfur", "HHV")], "biomass")
data(car_prices, package = "modeldata"); save(as.data.frame(car_prices), "carprices")
data(Sacramento, package = "modeldata"); save(as.data.frame(Sacramento), "sacramento")
data(meats, package = "modeldata"); save(as.data.frame(meats)[, !(names(meats) %in% c("fat", "protein"))], "meats")
data(lending_club, package = "modeldata"); save(as.data.frame(lending_club), "lending")
data(stackoverflow, package = "modeldata"); save(as.data.frame(stackoverflow), "stackoverflow")
