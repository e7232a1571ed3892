//! The comparison rules. (Being written: see issue 2.)
