"""salesplan: sales plans as YAML files, checked, rendered to Word and tracked against actual sales."""

__version__ = "0.1.0"
