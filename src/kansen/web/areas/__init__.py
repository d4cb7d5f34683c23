"""Areas (gemeente -> wijk -> buurt), indicators and their observations; maps and profiles."""
