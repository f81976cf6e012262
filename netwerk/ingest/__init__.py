"""Import of coordinators' files: read (``readers``), interpret Dutch values (``parse``),
know the file kinds (``kinds``), validate into a ChangeSet (``validate``) and write
templates (``templates``). The use case that writes to a store is
:func:`netwerk.services.importing.import_files`."""
