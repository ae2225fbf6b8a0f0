"""Amazon States Language: pydantic models, the emitter (JSONata and JSONPath), serialization."""
