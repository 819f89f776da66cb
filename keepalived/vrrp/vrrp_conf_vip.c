/* placeholder: being written (split out of vrrp_conf.c) */
