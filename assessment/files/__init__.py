"""Reading and naming files safely."""
