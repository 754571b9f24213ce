"""The error raised for anything wrong with a weight file or a download."""


class WeightsError(Exception):
    """A user-facing problem with weights: the message names the file and says what to do."""
