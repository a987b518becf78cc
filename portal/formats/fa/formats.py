# Django's Persian formats name "," as the thousand separator but set no grouping, so money and
# large values would run together ("1234567.50"). Group by three, as Persian readers expect.
NUMBER_GROUPING = 3
