"""Camera fitness tests: landmark sequences, NaN-safe geometry, quality gates, scorers.

Pure numpy.  Nothing here imports mediapipe or OpenCV except ``video.py`` (which runs the
camera driver + pose backend offline over a file, for ``lifelog-kiosk score``).
"""
