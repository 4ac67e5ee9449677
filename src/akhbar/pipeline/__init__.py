"""Running the dataset's steps: loading them, batching articles, executors, and the build command."""
