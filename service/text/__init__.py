"""Text pipeline: normalization with exact offsets, segmentation, noise labels, placeables, tokens."""
