"""The target-neutral workflow graph between the front end and the ASL emitter."""
