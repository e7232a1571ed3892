//! Which rule judges which cell. (Being written: see issue 2.)
