"""Reading pages: text layer or OCR, orientation, seals and signatures -> PageView."""
