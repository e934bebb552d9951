"""The assessment document: model, migrations, saving, merging, the workspace."""
