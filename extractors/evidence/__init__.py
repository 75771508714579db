"""Evidence material (佐证材料): group attachment pages into items, classify, read fields."""
