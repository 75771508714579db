"""What is drawn rather than written: seals, signatures, check boxes and their ticks, on the
levelled page image. Below perception and the readers; both use it."""
