"""Camera capture and the pose worker (OpenCV + MediaPipe; no Qt).

``pose_backend`` is the only module importing mediapipe, and only when a backend is made.
"""
