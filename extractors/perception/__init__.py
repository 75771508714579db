"""Reading pages: text layer or OCR, orientation, seals (from `marks`) -> PageView."""
