//! Runs the cells and prints the verdicts. (Being written: see issue 2.)
