//! The notebook fixture, parsed into cells. (Being written: see issue 2.)

/// One `In [n]:` cell of the notebook.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The `n` of `In [n]:`.
    pub number: u32,
}

/// The parsed notebook.
#[derive(Debug, Clone)]
pub struct Notebook {
    cells: Vec<Cell>,
}

impl Notebook {
    /// The project's copy of the notebook.
    pub fn fixture() -> Self {
        Notebook { cells: vec![] }
    }

    /// Cells that print something.
    pub fn output_cells(&self) -> impl Iterator<Item = &Cell> {
        self.cells.iter()
    }
}
