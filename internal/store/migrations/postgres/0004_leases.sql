-- Leases on periodic work that must run on one node only (feed polling,
-- for example): the holder renews its lease at every run; when it stops,
-- the lease runs out and another node takes it over.
CREATE TABLE leases (
	name   TEXT COLLATE "C" PRIMARY KEY,
	holder TEXT COLLATE "C" NOT NULL,
	until  TEXT COLLATE "C" NOT NULL
);
