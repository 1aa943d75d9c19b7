SKIPS = {}
